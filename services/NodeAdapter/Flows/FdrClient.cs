using System.Net.Http.Json;
using System.Text.Json;

namespace NodeAdapter.Flows;

/// <summary>
/// Client of pagoPA's FdR REST API for ECs (openapi fdr_organization.json): list the published
/// flows of an EC, read one flow and every page of its payments. Pages are 1-based.
/// </summary>
internal sealed class FdrClient(HttpClient http)
{
    private const int PageSize = 1000;
    // A server that never reports its last page must not keep us looping.
    private const int MaxPages = 10_000;

    public async Task<IReadOnlyList<FdrListItem>> ListPublishedAsync(string organization, CancellationToken ct) =>
        await ReadAllPagesAsync<FdrListItem>($"organizations/{Escape(organization)}/fdrs", ct);

    public async Task<FdrFlow> GetFlowAsync(string organization, FdrListItem item, CancellationToken ct) =>
        await http.GetFromJsonAsync<FdrFlow>(FlowPath(organization, item), JsonSerializerOptions.Web, ct)
        ?? throw new JsonException($"empty body for flow {item.Fdr}");

    public async Task<IReadOnlyList<FdrPayment>> GetPaymentsAsync(string organization, FdrListItem item, CancellationToken ct) =>
        await ReadAllPagesAsync<FdrPayment>(FlowPath(organization, item) + "/payments", ct);

    private static string FlowPath(string organization, FdrListItem item) =>
        $"organizations/{Escape(organization)}/fdrs/{Escape(item.Fdr)}/revisions/{item.Revision}/psps/{Escape(item.PspId)}";

    private async Task<List<T>> ReadAllPagesAsync<T>(string path, CancellationToken ct)
    {
        var all = new List<T>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await http.GetFromJsonAsync<FdrPage<T>>($"{path}?page={page}&size={PageSize}", JsonSerializerOptions.Web, ct)
                ?? throw new JsonException($"empty body for {path} page {page}");
            all.AddRange(response.Data ?? []);
            if (response.Metadata is null || page >= response.Metadata.TotPage) return all;
        }
        throw new InvalidDataException($"{path}: more than {MaxPages} pages");
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}

internal sealed record FdrPage<T>(FdrPageMetadata? Metadata, long Count, List<T>? Data);

internal sealed record FdrPageMetadata(int PageSize, int PageNumber, int TotPage);

internal sealed record FdrListItem(string Fdr, string PspId, long Revision, DateTimeOffset? Published, DateTimeOffset? FlowDate);

internal sealed record FdrFlow(
    string? Status, long Revision, string Fdr, DateTimeOffset FdrDate, string Regulation, DateOnly RegulationDate,
    string? BicCodePouringBank, FdrSender Sender, FdrReceiver Receiver, long TotPayments, decimal SumPayments);

internal sealed record FdrSender(string? Type, string? Id, string PspId, string? PspName, string? PspBrokerId, string? ChannelId);

internal sealed record FdrReceiver(string? Id, string OrganizationId, string? OrganizationName);

internal sealed record FdrPayment(long Index, string Iuv, string Iur, int IdTransfer, decimal Pay, string PayStatus, DateTimeOffset PayDate);
