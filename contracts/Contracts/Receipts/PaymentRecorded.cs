namespace Contracts.Receipts;

/// <summary>
/// A payment entered the legal receipt archive: the platform's record that a notice was paid.
/// Published once per receipt, whatever the number of deliveries of the receipt.
/// </summary>
/// <param name="OrganizationFiscalCode">The EC.</param>
/// <param name="Iuv">The IUV paid.</param>
/// <param name="NoticeNumber">The NAV paid.</param>
/// <param name="ReceiptId">The receipt id (IUR).</param>
/// <param name="AmountCents">Amount paid.</param>
/// <param name="PaymentDateTime">Legally binding payment time.</param>
/// <param name="PspId">The PSP that collected it.</param>
/// <param name="StandIn">Collected in stand-in mode.</param>
/// <param name="Transfers">Transfers credited to each beneficiary.</param>
/// <param name="OccurredAt">When it was archived.</param>
public sealed record PaymentRecorded(
    string OrganizationFiscalCode,
    string Iuv,
    string NoticeNumber,
    string ReceiptId,
    long AmountCents,
    DateTimeOffset PaymentDateTime,
    string PspId,
    bool StandIn,
    IReadOnlyList<PaidTransfer> Transfers,
    DateTimeOffset OccurredAt);

/// <summary>The amount credited to one beneficiary by one payment.</summary>
public sealed record PaidTransfer(int IdTransfer, string FiscalCodePA, long AmountCents, string? Iban, string Category);
