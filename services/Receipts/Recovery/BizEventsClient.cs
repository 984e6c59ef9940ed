using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Refit;

namespace Receipts.Recovery;

// What one call to biz-events gave: the receipt, or why not.
internal sealed record BizEventsAnswer(int? StatusCode, int LatencyMs, BizEventsReceipt? Receipt, string? Error)
{
    // pagoPA refused the call for the throttle (429): nothing more this window.
    public bool Throttled => StatusCode == (int)HttpStatusCode.TooManyRequests;
}

// pagoPA's biz-events receipt API for ECs (`openapi/biz_events.json`). The raw response comes back because every
// status is an answer the recovery job records, not an exception.
internal interface IBizEventsApi
{
    [Get("/organizations/{organization}/receipts/{iur}/paymentoptions/{iuv}")]
    Task<HttpResponseMessage> GetReceiptAsync(string organization, string iur, string iuv, CancellationToken ct);
}

// One call is one attempt: no retry handler, because every call counts against pagoPA's throttle and the recovery
// job is the retry policy.
internal sealed class BizEventsClient(IBizEventsApi api)
{
    public const string SubscriptionKeyHeader = "Ocp-Apim-Subscription-Key";

    public async Task<BizEventsAnswer> GetReceiptAsync(string organization, string iur, string iuv, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await api.GetReceiptAsync(organization, iur, iuv, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var latency = (int)clock.ElapsedMilliseconds;
            var status = (int)response.StatusCode;
            if (response.StatusCode != HttpStatusCode.OK) return new(status, latency, null, Excerpt(body));
            var receipt = JsonSerializer.Deserialize<BizEventsReceipt>(body, JsonSerializerOptions.Web);
            if (receipt is null) return new(status, latency, null, "unusable receipt: empty body");
            return receipt.Problem(organization, iur, iuv) is { } problem
                ? new(status, latency, null, "unusable receipt: " + problem)
                : new(status, latency, receipt, null);
        }
        catch (Exception e) when (e is HttpRequestException or ApiRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new(null, (int)clock.ElapsedMilliseconds, null, Excerpt(e.Message));
        }
    }

    private static string Excerpt(string text) => text.Length <= 256 ? text : text[..256];
}
