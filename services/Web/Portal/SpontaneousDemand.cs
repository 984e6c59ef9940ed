using System.Net;
using System.Text.Json;

namespace Web.Portal;

// Asks for a spontaneous-payment notice (ADR 0060): the EC, the catalogue's service and the payer's data as the
// service's XML go to the checkout (`POST /checkout/ec/v1/spontaneous-notices`), which has the EC's station create the
// notice with paDemandPaymentNotice, as the Node does for a PSP. The portal itself writes nothing.
public sealed class SpontaneousDemand(ICheckoutApi api)
{
    public sealed record Request(string OrganizationFiscalCode, string ServiceId, string ServiceData);

    public sealed record Notice(string NoticeNumber, string FiscalCode, long Amount, string? Description);

    // The notice created, or the station's refusal (its PAA code) as Refusal.
    public sealed record Outcome(Notice? Notice, string? Refusal);

    public async Task<Outcome> DemandAsync(string organization, string serviceId, string serviceData, CancellationToken ct)
    {
        using var response = await api.DemandNoticeAsync(new Request(organization, serviceId, serviceData), ct);
        if (response.StatusCode == HttpStatusCode.Created && response.Content is { } notice) return new Outcome(notice, null);
        if (response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest)
            return new Outcome(null, Title((response.Error as Refit.ApiException)?.Content) ?? "KO");
        throw new HttpRequestException($"the checkout answered {(int?)response.StatusCode} to a spontaneous notice", response.Error, response.StatusCode);
    }

    private static string? Title(string? problem)
    {
        if (string.IsNullOrEmpty(problem)) return null;
        using var body = JsonDocument.Parse(problem);
        return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
    }
}
