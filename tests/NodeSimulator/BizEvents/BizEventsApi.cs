using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace NodeSimulator.BizEvents;

// pagoPA's biz-events receipt API for ECs (`openapi/biz_events.json`), as the recovery of a lost receipt uses it:
// `GET /organizations/{organizationfiscalcode}/receipts/{iur}/paymentoptions/{iuv}` → CtReceiptModelResponse, 404
// ProblemJson when there is none, 429 beyond the throttle. Each call is counted per subscription key, and `GET
// /simulator/biz-events/calls` shows them (a test checks the caller never loops).
internal static class BizEventsApi
{
    public static IEndpointRouteBuilder MapBizEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/organizations/{organizationfiscalcode}/receipts/{iur}/paymentoptions/{iuv}", GetReceipt).WithTags("biz-events");
        app.MapGet("/simulator/biz-events/calls", (BizEventsCalls calls) => TypedResults.Ok(calls.List())).WithTags("Simulator: biz-events");
        return app;
    }

    private static Results<Ok<JsonObject>, JsonHttpResult<ProblemJson>> GetReceipt(
        string organizationfiscalcode, string iur, string iuv, HttpRequest request, NodeReceipts receipts, BizEventsCalls calls,
        IOptions<BizEventsOptions> options, TimeProvider time)
    {
        var subscription = request.Headers["Ocp-Apim-Subscription-Key"].FirstOrDefault() ?? "";
        var allowed = calls.TryCount(subscription, organizationfiscalcode, iur, iuv, options.Value, time.GetUtcNow());
        if (!allowed)
            return TypedResults.Json(new ProblemJson("Too many requests", 429, "at most 10 calls per 60 minutes per subscription"), statusCode: 429);
        return receipts.Find(organizationfiscalcode, iur, iuv) is { } receipt
            ? TypedResults.Ok(BizEventsReceiptJson.From(receipt))
            : TypedResults.Json(new ProblemJson("Not found", 404, $"no receipt {iur} for IUV {iuv} of {organizationfiscalcode}"), statusCode: 404);
    }
}

// biz-events' ProblemJson.
internal sealed record ProblemJson(string Title, int Status, string Detail);

internal sealed record BizEventsCall(DateTimeOffset At, string Subscription, string Organization, string Iur, string Iuv, bool Throttled);

// Every call to the receipt API, and the throttle over them.
internal sealed class BizEventsCalls
{
    private readonly Lock _gate = new();
    private readonly List<BizEventsCall> _calls = [];

    public bool TryCount(string subscription, string organization, string iur, string iuv, BizEventsOptions options, DateTimeOffset now)
    {
        lock (_gate)
        {
            var recent = _calls.Count(c => c.Subscription == subscription && !c.Throttled && c.At > now - options.Window);
            var throttled = recent >= options.CallsPerWindow;
            _calls.Add(new(now, subscription, organization, iur, iuv, throttled));
            return !throttled;
        }
    }

    public IReadOnlyList<BizEventsCall> List()
    {
        lock (_gate) return _calls.ToList();
    }
}
