namespace Contracts.DebtPositions;

/// <summary>A debt position as a whole, the shape GPD calls PaymentPosition. Money in euro cents.</summary>
/// <param name="OrganizationFiscalCode">The creditor EC (11 digits).</param>
/// <param name="Iupd">The position id chosen by the EC.</param>
/// <param name="Status">GPD status: DRAFT, PUBLISHED, VALID, INVALID, EXPIRED, PARTIALLY_PAID, PAID, REPORTED.</param>
/// <param name="Version">Monotonic version of the position; consumers keep the highest.</param>
/// <param name="CompanyName">EC name shown to the payer.</param>
/// <param name="OfficeName">EC office, optional.</param>
/// <param name="Debtor">The debtor of the position.</param>
/// <param name="ValidityDate">When the position becomes payable (null = at once).</param>
/// <param name="SwitchToExpired">Whether the position expires after its due dates.</param>
/// <param name="Options">Payment options (alternatives or instalments), each with its notice.</param>
/// <param name="RevenueType">The EC's revenue type of the position (TARI, CDS…), when it gave one.</param>
public sealed record DebtPositionSnapshot(
    string OrganizationFiscalCode,
    string Iupd,
    string Status,
    long Version,
    string CompanyName,
    string? OfficeName,
    DebtorSnapshot Debtor,
    DateTimeOffset? ValidityDate,
    bool SwitchToExpired,
    IReadOnlyList<PaymentOptionSnapshot> Options,
    string? RevenueType = null);

/// <summary>The person or company who owes. Type F (natural person) or G (legal person).</summary>
public sealed record DebtorSnapshot(
    string Type,
    string FiscalCode,
    string FullName,
    string? StreetName = null,
    string? CivicNumber = null,
    string? PostalCode = null,
    string? City = null,
    string? Province = null,
    string? Country = null,
    string? Email = null);

/// <summary>
/// One payable notice of a position. <paramref name="IsPartialPayment"/> true = instalment of a plan
/// (all instalments are due); false = a single-payment alternative (paying one settles the position).
/// </summary>
public sealed record PaymentOptionSnapshot(
    string Iuv,
    string Nav,
    long AmountCents,
    string Description,
    DateOnly DueDate,
    DateTimeOffset? RetentionDate,
    bool IsPartialPayment,
    string Status,
    DebtorSnapshot? Debtor,
    IReadOnlyList<TransferSnapshot> Transfers,
    IReadOnlyDictionary<string, string> Metadata,
    string? ActualisationRule = null,
    DateOnly? NotificationDate = null);

/// <summary>
/// The part of a payment credited to one beneficiary (IBAN, postal IBAN or digital stamp). AccountingChapter and
/// AccountingAssessment are the EC's budget chapter (capitolo) and assessment (accertamento) the transfer is imputed
/// to, when the EC gave them.
/// </summary>
public sealed record TransferSnapshot(
    int IdTransfer,
    long AmountCents,
    string OrganizationFiscalCode,
    string? CompanyName,
    string RemittanceInformation,
    string Category,
    string? Iban,
    string? PostalIban,
    StampSnapshot? Stamp,
    IReadOnlyDictionary<string, string> Metadata,
    string? AccountingChapter = null,
    string? AccountingAssessment = null);

/// <summary>Digital revenue stamp (marca da bollo digitale) requested instead of an IBAN.</summary>
public sealed record StampSnapshot(string HashDocument, string StampType, string ProvincialResidence);
