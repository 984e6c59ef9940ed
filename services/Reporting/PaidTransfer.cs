using Contracts.Receipts;

namespace Reporting;

// One transfer of a recorded payment, waiting for (or already matched to) a flow row.
internal sealed class PaidTransfer
{
    private PaidTransfer() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string ReceiptId { get; private set; } = "";
    public int IdTransfer { get; private set; }
    public long AmountCents { get; private set; }
    public DateTimeOffset PaymentDateTime { get; private set; }
    public string PspId { get; private set; } = "";
    public bool StandIn { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public string? ReconciledFlowId { get; private set; }
    public DateTimeOffset? ReconciledAt { get; private set; }
    public string? Category { get; private set; }

    public static IEnumerable<PaidTransfer> From(PaymentRecorded payment, DateTimeOffset now) =>
        payment.Transfers.Select(t => new PaidTransfer
        {
            OrganizationFiscalCode = payment.OrganizationFiscalCode,
            Iuv = payment.Iuv,
            ReceiptId = payment.ReceiptId,
            IdTransfer = t.IdTransfer,
            AmountCents = t.AmountCents,
            PaymentDateTime = payment.PaymentDateTime,
            PspId = payment.PspId,
            StandIn = payment.StandIn,
            RecordedAt = now,
            Category = t.Category,
        });

    // Marks the transfer reported by flowId; false when it already was (never announced twice).
    public bool Reconcile(string flowId, DateTimeOffset now)
    {
        if (ReconciledFlowId is not null) return false;
        (ReconciledFlowId, ReconciledAt) = (flowId, now);
        return true;
    }

    public (string Iuv, string Iur, int IdTransfer) Key => (Iuv, ReceiptId, IdTransfer);
}
