using Contracts.NodeAdapter;

namespace Reporting;

// The current revision of one PSP's reporting flow for one EC.
internal sealed class ReportingFlow
{
    private ReportingFlow() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string FlowId { get; private set; } = "";
    public long Revision { get; private set; }
    public string PspId { get; private set; } = "";
    public DateTimeOffset FlowDate { get; private set; }
    public string RegulationId { get; private set; } = "";
    public DateOnly RegulationDate { get; private set; }
    public string? BicCodePouringBank { get; private set; }
    public long DeclaredTotalPayments { get; private set; }
    public long DeclaredTotalAmountCents { get; private set; }
    public long RowCount { get; private set; }
    public long RowAmountCents { get; private set; }
    public string Source { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }

    // Declared numeroTotalePagamenti/importoTotalePagamenti agree with the rows (real flows sometimes do not).
    public bool TotalsConsistent => DeclaredTotalPayments == RowCount && DeclaredTotalAmountCents == RowAmountCents;

    public static ReportingFlow Create(string organizationFiscalCode, string flowId) =>
        new() { OrganizationFiscalCode = organizationFiscalCode, FlowId = flowId };

    // Takes the content of flow when it is a newer revision; false for the same or an older one (a redelivery, or a
    // late download of a superseded revision).
    public bool Accept(ReportingFlowDownloaded flow, DateTimeOffset now)
    {
        if (ReceivedAt != default && flow.Revision <= Revision) return false;
        Revision = flow.Revision;
        PspId = flow.PspId;
        FlowDate = flow.FlowDate;
        RegulationId = flow.RegulationId;
        RegulationDate = flow.RegulationDate;
        BicCodePouringBank = flow.BicCodePouringBank;
        DeclaredTotalPayments = flow.TotalPayments;
        DeclaredTotalAmountCents = flow.TotalAmountCents;
        RowCount = flow.Payments.Count;
        RowAmountCents = flow.Payments.Sum(p => p.AmountCents);
        Source = flow.Source;
        ReceivedAt = now;
        return true;
    }
}
