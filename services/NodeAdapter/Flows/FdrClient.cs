using System.Text.Json;
using Refit;

namespace NodeAdapter.Flows;

// pagoPA's FdR REST API for ECs (openapi fdr_organization.json), as far as we read it. Pages are 1-based.
internal interface IFdrApi
{
    [Get("/organizations/{organization}/fdrs")]
    Task<FdrPage<FdrListItem>> ListPublishedAsync(string organization, int page, int size, CancellationToken ct);

    [Get("/organizations/{organization}/fdrs/{fdr}/revisions/{revision}/psps/{pspId}")]
    Task<FdrFlow> GetFlowAsync(string organization, string fdr, long revision, string pspId, CancellationToken ct);

    [Get("/organizations/{organization}/fdrs/{fdr}/revisions/{revision}/psps/{pspId}/payments")]
    Task<FdrPage<FdrPayment>> GetPaymentsAsync(string organization, string fdr, long revision, string pspId, int page, int size, CancellationToken ct);
}

// The published flows of an EC, one flow, and every page of its payments, over IFdrApi.
internal sealed class FdrClient(IFdrApi api)
{
    private const int PageSize = 1000;
    // A server that never reports its last page must not keep us looping.
    private const int MaxPages = 10_000;

    // FdR's JSON as the API writes it (camelCase; numbers may come as strings).
    public static RefitSettings Settings { get; } = new(new SystemTextJsonContentSerializer(JsonSerializerOptions.Web));

    public Task<IReadOnlyList<FdrListItem>> ListPublishedAsync(string organization, CancellationToken ct) =>
        ReadAllPagesAsync($"flows of {organization}", (page, size) => api.ListPublishedAsync(organization, page, size, ct));

    public async Task<FdrFlow> GetFlowAsync(string organization, FdrListItem item, CancellationToken ct) =>
        await api.GetFlowAsync(organization, item.Fdr, item.Revision, item.PspId, ct)
        ?? throw new JsonException($"empty body for flow {item.Fdr}");

    public Task<IReadOnlyList<FdrPayment>> GetPaymentsAsync(string organization, FdrListItem item, CancellationToken ct) =>
        ReadAllPagesAsync($"payments of flow {item.Fdr}",
            (page, size) => api.GetPaymentsAsync(organization, item.Fdr, item.Revision, item.PspId, page, size, ct));

    private static async Task<IReadOnlyList<T>> ReadAllPagesAsync<T>(string what, Func<int, int, Task<FdrPage<T>>> read)
    {
        var all = new List<T>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await read(page, PageSize) ?? throw new JsonException($"empty body for {what} page {page}");
            all.AddRange(response.Data ?? []);
            if (response.Metadata is null || page >= response.Metadata.TotPage) return all;
        }
        throw new InvalidDataException($"{what}: more than {MaxPages} pages");
    }
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
