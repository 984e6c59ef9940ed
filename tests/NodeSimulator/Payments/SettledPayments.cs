using System.Xml.Linq;

namespace NodeSimulator.Payments;

// One transfer of a settled payment: what a reporting flow row will carry.
internal sealed record SettledTransfer(int IdTransfer, long AmountCents);

// A payment whose receipt the station accepted: settled, waiting to be reported in a flow.
internal sealed record SettledPayment(
    string OrganizationFiscalCode, string CompanyName, string NoticeNumber, string Iuv, string ReceiptId, string PspId,
    DateTimeOffset PaidAt, long AmountCents, IReadOnlyList<SettledTransfer> Transfers, string ReceiptOperation, XElement ReceiptRequest)
{
    public string? ReportedIn { get; set; }
}

// The PSP's memory of settled payments (in memory: the simulator is an external party, not our data).
internal sealed class SettledPayments
{
    private readonly Lock _gate = new();
    private readonly List<SettledPayment> _payments = [];

    public void Add(SettledPayment payment)
    {
        lock (_gate) _payments.Add(payment);
    }

    public SettledPayment? Find(string receiptId)
    {
        lock (_gate) return _payments.FirstOrDefault(p => p.ReceiptId == receiptId);
    }

    public IReadOnlyList<SettledPayment> List(string? organizationFiscalCode)
    {
        lock (_gate) return _payments.Where(p => organizationFiscalCode is null || p.OrganizationFiscalCode == organizationFiscalCode).ToList();
    }

    // Takes every unreported payment of one EC collected by one PSP and marks it reported in fdr.
    public IReadOnlyList<SettledPayment> TakeUnreported(string organizationFiscalCode, string pspId, string fdr)
    {
        lock (_gate)
        {
            var taken = _payments.Where(p => p.OrganizationFiscalCode == organizationFiscalCode && p.PspId == pspId && p.ReportedIn is null).ToList();
            foreach (var p in taken) p.ReportedIn = fdr;
            return taken;
        }
    }
}
