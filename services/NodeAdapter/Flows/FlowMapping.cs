using Contracts.NodeAdapter;
using ServiceDefaults.Time;

namespace NodeAdapter.Flows;

// FdR REST JSON → ReportingFlowDownloaded; throws InvalidDataException on a row we cannot read.
internal static class FlowMapping
{
    public static ReportingFlowDownloaded ToEvent(string organization, FdrFlow flow, IReadOnlyList<FdrPayment> payments, DateTimeOffset now) => new(
        organization, flow.Fdr, flow.Revision, flow.Sender.PspId, flow.FdrDate, flow.Regulation, flow.RegulationDate,
        flow.BicCodePouringBank, flow.TotPayments, Cents(flow.SumPayments),
        payments.Select(Payment).ToList(), "fdr-rest", now);

    // Declared totals that disagree with the rows (seen in real mock data, NOTES §3.3).
    public static string? Anomaly(ReportingFlowDownloaded flow)
    {
        var problems = new List<string>();
        if (flow.TotalPayments != flow.Payments.Count) problems.Add($"declares {flow.TotalPayments} payments, has {flow.Payments.Count}");
        var sum = flow.Payments.Sum(p => p.AmountCents);
        if (flow.TotalAmountCents != sum) problems.Add($"declares {flow.TotalAmountCents} cents, rows sum to {sum}");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static ReportedPayment Payment(FdrPayment p)
    {
        if (p.IdTransfer is < 1 or > 5) throw new InvalidDataException($"payment {p.Index}: idTransfer {p.IdTransfer} not in 1..5");
        if (string.IsNullOrWhiteSpace(p.Iuv) || string.IsNullOrWhiteSpace(p.Iur)) throw new InvalidDataException($"payment {p.Index}: missing iuv/iur");
        return new ReportedPayment(checked((int)p.Index), p.Iuv, p.Iur, p.IdTransfer, Cents(p.Pay), Outcome(p), RomeCalendar.DateOf(p.PayDate));
    }

    // REST payStatus → the esito codes of the XML flow (NOTES §3.1).
    private static int Outcome(FdrPayment p) => p.PayStatus switch
    {
        "EXECUTED" => 0,
        "REVOKED" => 3,
        "STAND_IN" => 4,
        "STAND_IN_NO_RPT" => 8,
        "NO_RPT" => 9,
        _ => throw new InvalidDataException($"payment {p.Index}: unknown payStatus {p.PayStatus}"),
    };

    private static long Cents(decimal euros) => (long)Math.Round(euros * 100m, MidpointRounding.AwayFromZero);
}
