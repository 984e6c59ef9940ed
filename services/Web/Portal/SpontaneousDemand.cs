using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Web.Portal;

/// <summary>
/// Asks for a spontaneous-payment notice (ADR 0060): the EC, the catalogue's service and the payer's data as the
/// service's XML go to the checkout (`POST /checkout/ec/v1/spontaneous-notices`), which has the EC's station create
/// the notice with paDemandPaymentNotice, as the Node does for a PSP. The portal itself writes nothing.
/// </summary>
public sealed class SpontaneousDemand(HttpClient http)
{
    public sealed record Notice(string NoticeNumber, string FiscalCode, long Amount, string? Description);

    /// <summary>The notice created, or the station's refusal (its PAA code) as <paramref name="Refusal"/>.</summary>
    public sealed record Outcome(Notice? Notice, string? Refusal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Outcome> DemandAsync(string organization, string serviceId, string serviceData, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("checkout/ec/v1/spontaneous-notices",
            new { organizationFiscalCode = organization, serviceId, serviceData }, Json, ct);
        if (response.StatusCode == HttpStatusCode.Created)
            return new Outcome(await response.Content.ReadFromJsonAsync<Notice>(Json, ct), null);
        if (response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
            return new Outcome(null, problem.TryGetProperty("title", out var title) ? title.GetString() : "KO");
        }
        throw new HttpRequestException($"the checkout answered {(int)response.StatusCode} to a spontaneous notice", null, response.StatusCode);
    }
}
