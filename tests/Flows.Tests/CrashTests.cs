using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Testing;
using Xunit;
using Xunit.Abstractions;

namespace Flows.Tests;

// The short version of infra/chaos.sh on the test platform's own processes: payments go on while every service and
// the gateway is killed with SIGKILL in turn and started again. The shared PostgreSQL and RabbitMQ are not touched
// (BrokerOutageTests cuts the broker through a proxy instead).
[Collection(PlatformCollection.Name)]
public sealed class CrashTests(Platform platform, ITestOutputHelper output)
{
    private static readonly string[] Victims = ["NodeAdapter", "Gateway", "DebtPositions", "IuvIssuance", "Actualisation", "Receipts", "Reporting"];
    private const int PaymentsPerCrash = 3;

    [Fact]
    public async Task Payments_made_while_each_process_is_killed_and_restarted_are_archived_exactly_once_paid_and_reported() =>
        await platform.RunScenarioAsync(async () =>
        {
            var positions = new List<(string Iupd, string Nav)>();
            for (var i = 0; i < Victims.Length * PaymentsPerCrash; i++) positions.Add(await PayablePositions.CreateAsync(platform, "CRASH-"));

            // Each crash lands in the middle of a few payments; whatever they could not finish, the Node pays again below.
            var batches = positions.Chunk(PaymentsPerCrash).ToList();
            for (var i = 0; i < Victims.Length; i++)
            {
                var paying = Task.WhenAll(batches[i].Select(p => TryPayAsync(p.Nav)));
                await platform.CrashAndRestartAsync(Victims[i]);
                await paying;
            }
            // The Node's retry: until the station has the receipt (a payment it answered, or one it refuses as already paid).
            foreach (var (_, nav) in positions)
                await Eventually.TrueAsync(async () => await TryPayAsync(nav) is "OK" or "PAA_PAGAMENTO_DUPLICATO", TimeSpan.FromSeconds(60), $"{nav} paid");

            var navs = string.Join(',', positions.Select(p => $"'{p.Nav}'"));
            await Eventually.TrueAsync(async () => await platform.Database.ScalarAsync<long>(
                    $"SELECT count(*) FROM receipts.receipts WHERE notice_number IN ({navs})") == positions.Count,
                TimeSpan.FromSeconds(120), "every receipt archived");
            Assert.Equal(positions.Count, await platform.Database.ScalarAsync<long>(
                $"SELECT count(DISTINCT notice_number) FROM receipts.receipts WHERE notice_number IN ({navs})"));
            Assert.Equal(0, await platform.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM (SELECT notice_number FROM node_adapter.receipt_log WHERE notice_number IN ({navs}) GROUP BY notice_number HAVING count(DISTINCT receipt_id) > 1) twice"));
            foreach (var (iupd, _) in positions)
                await Eventually.TrueAsync(async () => await PayablePositions.StatusAsync(platform, iupd) is "PAID" or "REPORTED", TimeSpan.FromSeconds(60), $"{iupd} paid");

            // The PSP reports what it collected; Reporting reconciles it and the positions become REPORTED.
            var flow = await platform.Simulator.PostAsJsonAsync("/simulator/flows", new { organizationFiscalCode = Platform.Ec });
            Assert.True(flow.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await flow.Content.ReadAsStringAsync());
            var settled = JsonNode.Parse(await platform.Simulator.GetStringAsync($"/simulator/payments?organizationFiscalCode={Platform.Ec}"))!.AsArray()
                .Select(p => (string?)p!["noticeNumber"]).ToHashSet();
            var reportable = positions.Where(p => settled.Contains(p.Nav)).ToList();
            Assert.NotEmpty(reportable);
            foreach (var (iupd, _) in reportable)
                await Eventually.TrueAsync(async () => await PayablePositions.StatusAsync(platform, iupd) == "REPORTED", TimeSpan.FromSeconds(90), $"{iupd} reported");
        }, output);

    // One payment as the Node makes it; the outcome, or the fault code that stopped it, or null when nobody answered.
    private async Task<string?> TryPayAsync(string nav)
    {
        try
        {
            var answer = await platform.Simulator.PostAsJsonAsync("/simulator/payments", new { organizationFiscalCode = Platform.Ec, noticeNumber = nav, soapVersion = "V2" });
            var payment = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            if ((string?)payment["outcome"] == "OK") return "OK";
            return payment["steps"]?.AsArray().Select(s => (string?)s!["faultCode"]).LastOrDefault(f => f is not null) ?? (string?)payment["outcome"];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
