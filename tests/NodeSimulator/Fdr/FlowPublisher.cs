using System.Globalization;
using Microsoft.Extensions.Options;
using NodeSimulator.Payments;

namespace NodeSimulator.Fdr;

// A row given explicitly by the caller (to stage anomalies: unknown notices, revocations, wrong amounts).
internal sealed record FlowRowInput(string Iuv, string Iur, int IdTransfer, decimal Pay, string? PayStatus = null, DateTimeOffset? PayDate = null);

// Body of POST /simulator/flows.
internal sealed record FlowRequest(
    string? OrganizationFiscalCode, string? PspId = null, IReadOnlyList<FlowRowInput>? ExtraPayments = null,
    long? TotPayments = null, decimal? SumPayments = null);

// Body of POST /simulator/flows/{fdr}/revisions: replace rows, add rows, or override the declared totals.
internal sealed record RevisionRequest(
    IReadOnlyList<FlowRowInput>? Payments = null, IReadOnlyList<FlowRowInput>? ExtraPayments = null,
    long? TotPayments = null, decimal? SumPayments = null);

// Body of POST /simulator/flows/generated: Payments rows made up by the simulator. Row i reports IUV i (17 digits,
// zero-padded), receipt rcpt-i , transfer 1, (100 + i mod 5000) cents, the receipts infra/bench/reconcile.sh
// archives.
internal sealed record GeneratedFlowRequest(string? OrganizationFiscalCode, int? Payments, string? PspId = null)
{
    public const int MaxPayments = 1_000_000;
}

internal sealed record FlowCreated(string Fdr, long Revision, string PspId, string OrganizationId, long TotPayments, decimal SumPayments);

// Plays a PSP publishing reporting flows on the Node's FdR service.
internal sealed class FlowPublisher(SettledPayments settled, FlowStore store, IOptions<NodeOptions> options, TimeProvider time)
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    // Reports every unreported payment of the EC collected by the PSP, one row per transfer; null when there is
    // nothing to report.
    public PublishedFlow? PublishNew(FlowRequest request)
    {
        var node = options.Value;
        var pspId = request.PspId is { Length: > 0 } p ? p : node.PspId;
        var now = time.GetUtcNow();
        var regulationDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Rome).Date);
        // Official convention: <regulation date yyyy-MM-dd><PSP id>-<progressive> (SACI-FDR).
        var fdr = $"{regulationDate:yyyy-MM-dd}{pspId}-{store.NextProgressive():D7}";
        var payments = settled.TakeUnreported(request.OrganizationFiscalCode!, pspId, fdr);
        var rows = payments
            .SelectMany(pay => pay.Transfers.Select(t => (pay.Iuv, Iur: pay.ReceiptId, t.IdTransfer, t.AmountCents, pay.PaidAt)))
            .Select((r, i) => new FlowPayment(i + 1, r.Iuv, r.Iur, r.IdTransfer, r.AmountCents / 100m, "EXECUTED", r.PaidAt))
            .ToList();
        rows.AddRange(Rows(request.ExtraPayments, rows.Count, now));
        if (rows.Count == 0) return null;

        var companyName = payments.FirstOrDefault()?.CompanyName ?? "Ente Creditore";
        var flow = new PublishedFlow(fdr, 1, now, now, now, $"SCT-{Guid.NewGuid():N}"[..20], regulationDate, node.BicCodePouringBank,
            new FlowSender("LEGAL_PERSON", pspId, pspId, pspId == node.PspId ? node.PspName : $"PSP {pspId}", pspId, node.Channel(pspId)),
            new FlowReceiver(request.OrganizationFiscalCode!, request.OrganizationFiscalCode!, companyName),
            request.TotPayments ?? rows.Count, request.SumPayments ?? rows.Sum(r => r.Pay), rows);
        store.Add(flow);
        return flow;
    }

    public PublishedFlow PublishGenerated(GeneratedFlowRequest request)
    {
        var node = options.Value;
        var pspId = request.PspId is { Length: > 0 } p ? p : node.PspId;
        var now = time.GetUtcNow();
        var regulationDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Rome).Date);
        var fdr = $"{regulationDate:yyyy-MM-dd}{pspId}-{store.NextProgressive():D7}";
        var rows = Enumerable.Range(1, request.Payments!.Value)
            .Select(i => new FlowPayment(i, i.ToString("D17", CultureInfo.InvariantCulture), "rcpt-" + i.ToString(CultureInfo.InvariantCulture), 1,
                (100 + i % 5000) / 100m, "EXECUTED", now))
            .ToList();
        var flow = new PublishedFlow(fdr, 1, now, now, now, $"SCT-{Guid.NewGuid():N}"[..20], regulationDate, node.BicCodePouringBank,
            new FlowSender("LEGAL_PERSON", pspId, pspId, pspId == node.PspId ? node.PspName : $"PSP {pspId}", pspId, node.Channel(pspId)),
            new FlowReceiver(request.OrganizationFiscalCode!, request.OrganizationFiscalCode!, "Ente Creditore"), rows.Count, rows.Sum(r => r.Pay), rows);
        store.Add(flow);
        return flow;
    }

    // Publishes revision n+1 of a flow (the Node keeps only the latest in its lists).
    public PublishedFlow? PublishRevision(string fdr, RevisionRequest request)
    {
        if (store.Latest(fdr) is not { } latest) return null;
        var now = time.GetUtcNow();
        var rows = request.Payments is null ? latest.Payments.ToList() : Rows(request.Payments, 0, now).ToList();
        rows.AddRange(Rows(request.ExtraPayments, rows.Count, now));
        var flow = latest with
        {
            Revision = latest.Revision + 1, Published = now, FdrDate = now, Payments = rows,
            TotPayments = request.TotPayments ?? rows.Count, SumPayments = request.SumPayments ?? rows.Sum(r => r.Pay),
        };
        store.Add(flow);
        return flow;
    }

    private static IEnumerable<FlowPayment> Rows(IReadOnlyList<FlowRowInput>? input, int offset, DateTimeOffset now) =>
        (input ?? []).Select((r, i) => new FlowPayment(offset + i + 1, r.Iuv, r.Iur, r.IdTransfer,
            Math.Round(r.Pay, 2), (r.PayStatus ?? "EXECUTED").ToUpper(CultureInfo.InvariantCulture), r.PayDate ?? now));
}
