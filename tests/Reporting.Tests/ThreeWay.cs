using System.Net.Http.Json;
using System.Text.Json;
using Contracts.DebtPositions;
using Contracts.NodeAdapter;
using Contracts.Receipts;
using Testing;

namespace Reporting.Tests;

// One EC's sources for the three-way tests: positions, receipts and flows on the bus, statements over HTTP.
internal sealed class ThreeWay(ReportingApp app, TestBus bus, string ec)
{
    public const string Category = "9/0101108TS/";
    public HttpClient Client { get; } = app.CreateClient();
    private string Path => $"/api/reporting/organizations/{ec}";

    public async Task PositionAsync(string iuv, string status, params (int Id, long Cents, string? Chapter, string? Assessment)[] transfers)
    {
        await bus.PublishAsync(new DebtPositionChanged(Snapshot(iuv, status, transfers), DebtPositionChanges.Published, "test", DateTimeOffset.UtcNow));
        await WaitAsync($"SELECT count(*) FROM reporting.position_transfers WHERE organization_fiscal_code = '{ec}' AND iuv = '{iuv}'", transfers.Length);
    }

    // Positions as a bulk import announces them, one chunk.
    public async Task ImportedAsync(params string[] iuvs)
    {
        await bus.PublishAsync(new DebtPositionsImported(Guid.NewGuid(), 1, iuvs.Select(iuv => Snapshot(iuv, "PO_UNPAID", (1, 1_000, null, null))).ToList(),
            DebtPositionChanges.Published, "bulk", DateTimeOffset.UtcNow));
        await WaitAsync($"SELECT count(*) FROM reporting.position_transfers WHERE organization_fiscal_code = '{ec}' AND iuv IN ('{string.Join("','", iuvs)}')", iuvs.Length);
    }

    // One position as a bulk import announces it, with its transfers' chapter and assessment, in a chunk of its own.
    public async Task ImportedAsync(string iuv, params (int Id, long Cents, string? Chapter, string? Assessment)[] transfers)
    {
        await bus.PublishAsync(new DebtPositionsImported(Guid.NewGuid(), 1, [Snapshot(iuv, "PO_UNPAID", transfers)],
            DebtPositionChanges.Published, "bulk", DateTimeOffset.UtcNow));
        await WaitAsync($"SELECT count(*) FROM reporting.position_transfers WHERE organization_fiscal_code = '{ec}' AND iuv = '{iuv}'", transfers.Length);
    }

    private DebtPositionSnapshot Snapshot(string iuv, string status, params (int Id, long Cents, string? Chapter, string? Assessment)[] transfers)
    {
        var option = new PaymentOptionSnapshot(iuv, "3" + iuv, transfers.Sum(t => t.Cents), "TARI 2026", new DateOnly(2026, 12, 31), null, false, status, null,
            transfers.Select(t => new TransferSnapshot(t.Id, t.Cents, ec, "Comune", "TARI", Category, "IT60X0542811101000000123456", null, null,
                new Dictionary<string, string>(), t.Chapter, t.Assessment)).ToList(), new Dictionary<string, string>());
        return new DebtPositionSnapshot(ec, "IUPD-" + iuv, status == "PO_UNPAID" ? "VALID" : "PAID", 1, "Comune", null,
            new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi"), null, false, [option]);
    }

    public async Task PaymentAsync(string iuv, string receiptId, params (int Id, long Cents)[] transfers)
    {
        await bus.PublishAsync(new PaymentRecorded(ec, iuv, "3" + iuv, receiptId, transfers.Sum(t => t.Cents),
            new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(1)), "PSPSIM01", false,
            transfers.Select(t => new Contracts.Receipts.PaidTransfer(t.Id, ec, t.Cents, "IT60X0542811101000000123456", Category)).ToList(), DateTimeOffset.UtcNow));
        await WaitAsync($"SELECT count(*) FROM reporting.paid_transfers WHERE organization_fiscal_code = '{ec}' AND receipt_id = '{receiptId}'", transfers.Length);
    }

    public async Task FlowAsync(string flowId, long revision, params ReportedPayment[] rows)
    {
        await bus.PublishAsync(new ReportingFlowDownloaded(ec, flowId, revision, "PSPSIM01", DateTimeOffset.UtcNow, "TRN-" + flowId, new DateOnly(2026, 11, 20),
            null, rows.Length, rows.Sum(r => r.AmountCents), rows, "fdr-rest", DateTimeOffset.UtcNow));
        await WaitAsync($"SELECT count(*) FROM reporting.flows WHERE organization_fiscal_code = '{ec}' AND flow_id = '{flowId}' AND revision = {revision}", 1);
    }

    public static ReportedPayment Row(int index, string iuv, string iur, long cents, int outcome = 0, int idTransfer = 1) =>
        new(index, iuv, iur, idTransfer, cents, outcome, new DateOnly(2026, 11, 18));

    public async Task<JsonElement[]> CreditAsync(params Line[] lines)
    {
        var stored = await Statements.ImportAsync(Client, ec, Statements.Camt053(lines));
        return await Statements.MovementsAsync(Client, ec, stored.GetProperty("fileId").GetInt64());
    }

    public async Task<JsonElement> PaymentStateAsync(string iuv) =>
        await Client.GetFromJsonAsync<JsonElement>($"{Path}/reconciliation/payments/{iuv}");

    public async Task<string[]> LabelsAsync(string iuv) =>
        (await PaymentStateAsync(iuv)).GetProperty("transfers").EnumerateArray()
        .SelectMany(t => t.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!)).Distinct().Order().ToArray();

    public async Task<string> StateAsync(string iuv) => (await PaymentStateAsync(iuv)).GetProperty("state").GetString()!;

    public async Task<JsonElement> MovementAsync(long id) =>
        (await Client.GetFromJsonAsync<JsonElement>($"{Path}/treasury/movements/{id}")).GetProperty("movement");

    public Task<HttpResponseMessage> DecideAsync(long movementId, string action, object body) =>
        Client.PostAsJsonAsync($"{Path}/treasury/movements/{movementId}/{action}", body);

    private Task WaitAsync(string sql, long expected) =>
        Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(sql) == expected, TimeSpan.FromSeconds(30), sql);
}
