namespace Contracts.NodeAdapter;

/// <summary>
/// A receipt (RT) sent by the pagoPA Node through paSendRT/paSendRTV2, stored durably by the
/// NodeAdapter before it answered OK. Money in euro cents.
/// </summary>
/// <param name="OrganizationFiscalCode">The EC the receipt was sent to (idPA).</param>
/// <param name="ReceiptId">receiptId (IUR; the Node's payment token).</param>
/// <param name="NoticeNumber">The 18-digit NAV.</param>
/// <param name="Iuv">creditorReferenceId.</param>
/// <param name="Outcome">OK or KO as the Node wrote it.</param>
/// <param name="AmountCents">paymentAmount.</param>
/// <param name="Description">Payment description.</param>
/// <param name="CompanyName">EC name.</param>
/// <param name="DebtorFiscalCode">Debtor unique identifier value.</param>
/// <param name="DebtorName">Debtor full name.</param>
/// <param name="PayerFiscalCode">Payer unique identifier value, when given.</param>
/// <param name="PspId">idPSP.</param>
/// <param name="PspCompanyName">PSPCompanyName.</param>
/// <param name="ChannelId">idChannel.</param>
/// <param name="PaymentMethod">paymentMethod, when given.</param>
/// <param name="FeeCents">fee, when given.</param>
/// <param name="PaymentDateTime">Legally binding payment time.</param>
/// <param name="ApplicationDate">applicationDate, when given.</param>
/// <param name="TransferDate">Day the PSP credits the EC, when given.</param>
/// <param name="StandIn">True when collected by the Node in stand-in mode.</param>
/// <param name="Transfers">The transfers as the Node wrote them.</param>
/// <param name="Anomaly">Why the adapter flagged it for operations (unknown notice, amount mismatch, double payment…), or null.</param>
/// <param name="SoapVersion">"V1" (paSendRT) or "V2" (paSendRTV2).</param>
/// <param name="OccurredAt">When it was stored.</param>
/// <param name="ReceiptXml">
/// The paSendRT/paSendRTV2 request element exactly as the Node sent it (what GPD's receipts API returns), when the
/// sender carries it; null from senders that predate this field.
/// </param>
public sealed record ReceiptReceived(
    string OrganizationFiscalCode,
    string ReceiptId,
    string NoticeNumber,
    string Iuv,
    string Outcome,
    long AmountCents,
    string Description,
    string CompanyName,
    string DebtorFiscalCode,
    string DebtorName,
    string? PayerFiscalCode,
    string PspId,
    string PspCompanyName,
    string ChannelId,
    string? PaymentMethod,
    long? FeeCents,
    DateTimeOffset PaymentDateTime,
    DateOnly? ApplicationDate,
    DateOnly? TransferDate,
    bool StandIn,
    IReadOnlyList<ReceiptTransfer> Transfers,
    string? Anomaly,
    string SoapVersion,
    DateTimeOffset OccurredAt,
    string? ReceiptXml = null);

/// <summary>One transfer of a receipt. <paramref name="Iban"/> is null for a digital stamp.</summary>
public sealed record ReceiptTransfer(
    int IdTransfer,
    long AmountCents,
    string FiscalCodePA,
    string? Iban,
    string RemittanceInformation,
    string Category,
    bool IsStamp);
