using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeAdapter.Tests;

// A published flow revision held by FakeFdr.
internal sealed record FakeFlow(string Organization, string Fdr, string PspId, long Revision, IReadOnlyList<FakePayment> Payments,
    long? DeclaredCount = null, decimal? DeclaredSum = null)
{
    // When set, the payments endpoint answers 500 (a broken flow on the Node's side).
    public bool BrokenPayments { get; set; }
}

internal sealed record FakePayment(long Index, string Iuv, string Iur, int IdTransfer, decimal Pay, string PayStatus, DateTimeOffset PayDate);

// A tiny FdR REST API for ECs (fdr_organization.json) on a real loopback Kestrel port, with flows the test publishes:
// latest revision listed, 1-based pages honouring `size`, 404/500 on demand. Its answers are checked against pagoPA's
// OpenAPI (FakeFdrConformanceTests).
internal sealed class FakeFdr : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Org, string Fdr, string Psp, long Rev), FakeFlow> _flows = new();
    private WebApplication _app = null!;

    public string BaseUrl { get; private set; } = "";
    public int PaymentPageRequests;

    // Each EC's flow listings (first pages): the poller's rounds.
    public FlowListings Listings { get; } = new();

    public static async Task<FakeFdr> StartAsync()
    {
        var fake = new FakeFdr();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        fake._app = builder.Build();
        fake.Map(fake._app);
        await fake._app.StartAsync();
        fake.BaseUrl = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    // Every route the fake answers, as ASP.NET Core templates.
    public IReadOnlyList<string> Routes => _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToList();

    public void Publish(FakeFlow flow) => _flows[(flow.Organization, flow.Fdr, flow.PspId, flow.Revision)] = flow;

    private void Map(WebApplication app)
    {
        app.MapGet("/organizations/{org}/fdrs", (string org, int? page, int? size) =>
        {
            if ((page ?? 1) == 1) Listings.Record(org);
            var latest = _flows.Values.Where(f => f.Organization == org).GroupBy(f => (f.Fdr, f.PspId))
                .Select(g => g.MaxBy(f => f.Revision)!)
                .Select(f => new { fdr = f.Fdr, pspId = f.PspId, revision = f.Revision, published = DateTimeOffset.UtcNow, flowDate = DateTimeOffset.UtcNow })
                .OrderBy(f => f.fdr).ToList();
            return Page(latest, page, size);
        });
        app.MapGet("/organizations/{org}/fdrs/{fdr}/revisions/{rev:long}/psps/{psp}", (string org, string fdr, long rev, string psp) =>
            _flows.TryGetValue((org, fdr, psp, rev), out var f)
                ? Results.Ok(new
                {
                    status = "PUBLISHED", revision = f.Revision, fdr = f.Fdr, fdrDate = DateTimeOffset.UtcNow, regulation = "SEPA - Bonifico " + f.Fdr,
                    regulationDate = "2026-11-21", bicCodePouringBank = "UNCRITMMXXX",
                    sender = new { type = "LEGAL_PERSON", id = "SELBIT2B", pspId = f.PspId, pspName = "PSP", pspBrokerId = f.PspId, channelId = f.PspId + "_01" },
                    receiver = new { id = "APPBIT2B", organizationId = f.Organization, organizationName = "Comune di Demo" },
                    totPayments = f.DeclaredCount ?? f.Payments.Count, sumPayments = f.DeclaredSum ?? f.Payments.Sum(p => p.Pay),
                })
                : Error(HttpStatusCode.NotFound, "FDR-0701"));
        app.MapGet("/organizations/{org}/fdrs/{fdr}/revisions/{rev:long}/psps/{psp}/payments", (string org, string fdr, long rev, string psp, int? page, int? size) =>
        {
            Interlocked.Increment(ref PaymentPageRequests);
            if (!_flows.TryGetValue((org, fdr, psp, rev), out var f)) return Error(HttpStatusCode.NotFound, "FDR-0701");
            return f.BrokenPayments ? Error(HttpStatusCode.InternalServerError, "FDR-0500") : Page(f.Payments.OrderBy(p => p.Index).ToList(), page, size);
        });
    }

    // The FdR API's ErrorResponse.
    private static IResult Error(HttpStatusCode status, string appErrorCode) => Results.Json(new
    {
        errorId = Guid.NewGuid().ToString(), httpStatusCode = (int)status, httpStatusDescription = status.ToString(), appErrorCode,
        errors = new[] { new { message = "Reporting flow not available: " + appErrorCode } },
    }, statusCode: (int)status);

    private static IResult Page<T>(IReadOnlyList<T> all, int? page, int? size)
    {
        var (number, length) = (page ?? 1, size ?? 1000);
        var total = Math.Max(1, (all.Count + length - 1) / length);
        return Results.Ok(new
        {
            metadata = new { pageSize = length, pageNumber = number, totPage = total },
            count = all.Count,
            data = all.Skip((number - 1) * length).Take(length),
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
