using System.Net;
using System.Text.Json;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// The hand-written FdR fake the poller tests download from answers as pagoPA's FdR OpenAPI for organisations
// (tests/Testing/Specs/fdr_organization.json) says, the same check the NodeSimulator's FdR API passes in Flows.Tests:
// a fake that drifted from the real API would let the poller pass against something the Node never sends.
public sealed class FakeFdrConformanceTests
{
    private const string Org = "77777777777";
    private const string Psp = "60000000001";
    private const string Fdr = "2026-11-21" + Psp + "-0000001";
    private static readonly DateTimeOffset PaidAt = new(2026, 11, 19, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_route_of_the_fake_FdR_is_in_the_OpenAPI_and_its_lists_flows_payment_pages_and_errors_match_the_declared_schemas()
    {
        await using var fake = await FakeFdr.StartAsync();
        var payments = new[] { "EXECUTED", "REVOKED", "STAND_IN", "STAND_IN_NO_RPT", "NO_RPT" }
            .Select((status, i) => new FakePayment(i + 1, $"0110000000{i:D5}", $"iur-{i}", 1 + i, 10.5m + i, status, PaidAt)).ToList();
        fake.Publish(new FakeFlow(Org, Fdr, Psp, 1, payments));
        fake.Publish(new FakeFlow(Org, Fdr, Psp, 2, payments));
        fake.Publish(new FakeFlow(Org, "2026-11-21" + Psp + "-0000002", Psp, 1, payments) { BrokenPayments = true });
        var spec = OpenApiConformance.FdrOrganization();

        var flow = $"/organizations/{Org}/fdrs/{Fdr}/revisions/2/psps/{Psp}";
        var broken = $"/organizations/{Org}/fdrs/2026-11-21{Psp}-0000002/revisions/1/psps/{Psp}";
        var unknown = $"/organizations/{Org}/fdrs/2026-11-21{Psp}-0000404/revisions/1/psps/{Psp}";
        using var http = new HttpClient { BaseAddress = new Uri(fake.BaseUrl) };
        var errors = fake.Routes.Where(route => !spec.Declares("GET", route)).Select(route => $"GET {route} is not in the FdR OpenAPI").ToList();
        foreach (var (path, route, status) in new[]
        {
            ($"/organizations/{Org}/fdrs?page=1&size=1", "/organizations/{o}/fdrs", HttpStatusCode.OK),
            ($"/organizations/{Org}/fdrs?page=2&size=1", "/organizations/{o}/fdrs", HttpStatusCode.OK),
            (flow, "/organizations/{o}/fdrs/{f}/revisions/{r}/psps/{p}", HttpStatusCode.OK),
            (flow + "/payments?page=2&size=2", "/organizations/{o}/fdrs/{f}/revisions/{r}/psps/{p}/payments", HttpStatusCode.OK),
            (unknown, "/organizations/{o}/fdrs/{f}/revisions/{r}/psps/{p}", HttpStatusCode.NotFound),
            (unknown + "/payments", "/organizations/{o}/fdrs/{f}/revisions/{r}/psps/{p}/payments", HttpStatusCode.NotFound),
            (broken + "/payments", "/organizations/{o}/fdrs/{f}/revisions/{r}/psps/{p}/payments", HttpStatusCode.InternalServerError),
        })
        {
            using var answer = await http.GetAsync(path);
            Assert.Equal(status, answer.StatusCode);
            Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
            var schema = spec.ResponseSchema("GET", route, (int)status);
            using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            errors.AddRange(spec.Check(body.RootElement, schema).Select(e => $"{path} ({(int)status} {schema}) {e}"));
        }
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }
}
