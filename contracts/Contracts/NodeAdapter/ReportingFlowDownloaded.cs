namespace Contracts.NodeAdapter;

/// <summary>
/// A reporting flow (FdR) downloaded from the pagoPA Node: one PSP's list of payments settled with
/// one bank credit. A later revision of the same <paramref name="FlowId"/> replaces earlier ones.
/// </summary>
/// <param name="OrganizationFiscalCode">The EC receiving the money.</param>
/// <param name="FlowId">identificativoFlusso / fdr.</param>
/// <param name="Revision">Revision of the flow (1 for legacy SOAP flows).</param>
/// <param name="PspId">The PSP that sent it.</param>
/// <param name="FlowDate">dataOraFlusso / fdrDate.</param>
/// <param name="RegulationId">identificativoUnivocoRegolamento (the SCT's TRN).</param>
/// <param name="RegulationDate">dataRegolamento.</param>
/// <param name="BicCodePouringBank">BIC of the bank that made the credit, when given.</param>
/// <param name="TotalPayments">numeroTotalePagamenti as declared.</param>
/// <param name="TotalAmountCents">importoTotalePagamenti as declared.</param>
/// <param name="Payments">Every row of the flow.</param>
/// <param name="Source">"fdr-rest" or "nodo-soap".</param>
/// <param name="OccurredAt">When it was downloaded.</param>
public sealed record ReportingFlowDownloaded(
    string OrganizationFiscalCode,
    string FlowId,
    long Revision,
    string PspId,
    DateTimeOffset FlowDate,
    string RegulationId,
    DateOnly RegulationDate,
    string? BicCodePouringBank,
    long TotalPayments,
    long TotalAmountCents,
    IReadOnlyList<ReportedPayment> Payments,
    string Source,
    DateTimeOffset OccurredAt);

/// <summary>
/// One row of a flow (datiSingoliPagamenti). <paramref name="Outcome"/> is the esito code:
/// 0 executed, 3 revoked, 4 stand-in, 8 stand-in without RPT, 9 without RPT.
/// </summary>
public sealed record ReportedPayment(
    int Index,
    string Iuv,
    string Iur,
    int IdTransfer,
    long AmountCents,
    int Outcome,
    DateOnly PayDate);
