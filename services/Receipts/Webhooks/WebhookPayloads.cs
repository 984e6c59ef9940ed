using Contracts.DebtPositions;
using Contracts.NodeAdapter;
using Contracts.Reporting;

namespace Receipts.Webhooks;

// `data` of receipt.archived: the receipt as archived. Money in euro cents. recovered (true, or absent) says the
// receipt never reached the station and was fetched from pagoPA's biz-events.
internal sealed record ReceiptArchivedData(
    string OrganizationFiscalCode, string ReceiptId, string NoticeNumber, string Iuv, long AmountCents, long? FeeCents,
    string Description, string CompanyName, string DebtorFiscalCode, string DebtorName, string? PayerFiscalCode,
    string PspId, string PspCompanyName, string ChannelId, string? PaymentMethod, DateTimeOffset PaymentDateTime,
    bool StandIn, IReadOnlyList<ReceiptTransfer> Transfers, DateTimeOffset ArchivedAt, bool? Recovered = null)
{
    public static ReceiptArchivedData From(ReceiptReceived r, DateTimeOffset archivedAt, bool recovered = false) => new(
        r.OrganizationFiscalCode, r.ReceiptId, r.NoticeNumber, r.Iuv, r.AmountCents, r.FeeCents, r.Description, r.CompanyName,
        r.DebtorFiscalCode, r.DebtorName, r.PayerFiscalCode, r.PspId, r.PspCompanyName, r.ChannelId, r.PaymentMethod,
        r.PaymentDateTime, r.StandIn, r.Transfers, archivedAt, recovered ? true : null);
}

// `data` of position.status-changed.
internal sealed record PositionStatusChangedData(
    string OrganizationFiscalCode, string Iupd, string Status, string Change, string Cause, long Version,
    IReadOnlyList<PositionOptionStatus> Options, DateTimeOffset OccurredAt)
{
    public static PositionStatusChangedData From(DebtPositionChanged c) => new(
        c.Position.OrganizationFiscalCode, c.Position.Iupd, c.Position.Status, c.Change, c.Cause, c.Position.Version,
        c.Position.Options.Select(o => new PositionOptionStatus(o.Iuv, o.Nav, o.AmountCents, o.Status)).ToList(), c.OccurredAt);
}

internal sealed record PositionOptionStatus(string Iuv, string NoticeNumber, long AmountCents, string Status);

// `data` of reconciliation.anomaly: the anomalies of one stored flow revision.
internal sealed record ReconciliationAnomalyData(string OrganizationFiscalCode, string FlowId, IReadOnlyList<ReconciliationAnomaly> Anomalies, DateTimeOffset OccurredAt)
{
    public static ReconciliationAnomalyData From(ReconciliationAnomaliesFound f) => new(f.OrganizationFiscalCode, f.FlowId, f.Anomalies, f.OccurredAt);
}

// `data` of import.finished.
internal sealed record ImportFinishedData(
    Guid ImportId, string OrganizationFiscalCode, string Status, long RowsImported, long RowsRejected, string? Failure, DateTimeOffset OccurredAt)
{
    public static ImportFinishedData From(DebtPositionsImportFinished f) =>
        new(f.ImportId, f.OrganizationFiscalCode, f.Status, f.RowsImported, f.RowsRejected, f.Failure, f.OccurredAt);
}

// `data` of flow.reconciled.
internal sealed record FlowReconciledData(string OrganizationFiscalCode, string FlowId, IReadOnlyList<ReconciledTransfer> Transfers, DateTimeOffset OccurredAt)
{
    public static FlowReconciledData From(TransfersReconciled t) => new(t.OrganizationFiscalCode, t.FlowId, t.Transfers, t.OccurredAt);
}
