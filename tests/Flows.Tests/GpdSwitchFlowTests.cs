using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// A GPD client through the gateway with an EC's API key (issue 19): GPD's /info, v2's bulk create, the report of a
// payment made outside pagoPA and a delete, each seen by the station as the Node would see it on a verify.
[Collection(PlatformCollection.Name)]
public sealed class GpdSwitchFlowTests(Platform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Through_the_gateway_a_notice_marked_paid_is_answered_duplicated_and_a_deleted_one_cancelled_by_the_station() =>
        await platform.RunScenarioAsync(RunAsync, output);

    private async Task RunAsync()
    {
        var gateway = platform.Gateway;
        var ec = Platform.Ec;
        (await gateway.PutAsJsonAsync($"/api/iuv/organizations/{ec}", new { segregationCode = "01", auxDigit = 3 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/api/debt-positions/v1/info")).StatusCode);

        var (paid, deleted) = ("GPD2-" + Guid.NewGuid().ToString("N")[..12], "GPD2-" + Guid.NewGuid().ToString("N")[..12]);
        var created = await gateway.PostAsJsonAsync($"/api/debt-positions/v2/organizations/{ec}/debtpositions?toPublish=true",
            new { paymentPositions = new[] { SamplePositions.SinglePayment(paid), SamplePositions.SinglePayment(deleted) } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var paidNav = await NavAsync(paid);
        var deletedNav = await NavAsync(deleted);
        foreach (var nav in new[] { paidNav, deletedNav })
            await Eventually.AnswersAsync(() => gateway.GetAsync($"/api/node-adapter/organizations/{ec}/notices/{nav}"), Settle, "the station has the notice");

        var marked = await gateway.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{ec}/paymentoptions/paids/{paidNav}", new { });
        Assert.True(marked.StatusCode == HttpStatusCode.OK, await marked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await gateway.DeleteAsync($"/api/debt-positions/v1/organizations/{ec}/debtpositions/{deleted}")).StatusCode);

        await Eventually.TrueAsync(async () => await FaultAsync(paidNav) == "PAA_PAGAMENTO_DUPLICATO", Settle, "the station answers the notice paid");
        await Eventually.TrueAsync(async () => await FaultAsync(deletedNav) == "PAA_PAGAMENTO_ANNULLATO", Settle, "the station answers the notice cancelled");

        // GPD's massive file API through the gateway's own route for uploads: a zip of GPD's JSON, then its report.
        var massive = "GPDM-" + Guid.NewGuid().ToString("N")[..12];
        var upload = await gateway.PostAsync($"/api/debt-positions/v1/brokers/{ec}/organizations/{ec}/debtpositions/file", Zip(massive));
        Assert.True(upload.StatusCode == HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        var report = upload.Headers.Location!.ToString().Replace("/status", "/report", StringComparison.Ordinal);
        await Eventually.AnswersAsync(() => gateway.GetAsync(report), Settle, "the file's report is ready");
        var outcome = JsonNode.Parse(await gateway.GetStringAsync(report))!["responses"]!.AsArray().Single()!;
        Assert.Equal(201, (int)outcome["statusCode"]!);
        Assert.Equal(massive, (string?)outcome["requestIDs"]![0]);
    }

    private static MultipartFormDataContent Zip(string iupd)
    {
        var bytes = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bytes, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("gpd_massive_create.json").Open();
            entry.Write(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { paymentPositions = new[] { SamplePositions.SinglePayment(iupd) } }));
        }
        var part = new ByteArrayContent(bytes.ToArray());
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        return new MultipartFormDataContent { { part, "file", "gpd_massive.zip" } };
    }

    private async Task<string> NavAsync(string iupd)
    {
        var position = JsonNode.Parse(await platform.Gateway.GetStringAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions/{iupd}"))!;
        return (string)position["paymentOption"]![0]!["nav"]!;
    }

    private async Task<string?> FaultAsync(string nav)
    {
        var notice = JsonNode.Parse(await platform.Gateway.GetStringAsync($"/api/node-adapter/organizations/{Platform.Ec}/notices/{nav}"))!;
        return (string?)notice["faultCode"];
    }
}
