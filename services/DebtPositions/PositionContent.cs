namespace DebtPositions;

// What an EC says a position is, validated and with every notice number assigned.
internal sealed record PositionContent(
    DebtorData Debtor,
    string CompanyName,
    string? OfficeName,
    bool SwitchToExpired,
    bool PayStandIn,
    DateTimeOffset? ValidityDate,
    string? RevenueType,
    string? ExternalReference,
    IReadOnlyList<OptionContent> Options);

internal sealed record DebtorData(
    string Type, string FiscalCode, string FullName, string? StreetName = null, string? CivicNumber = null,
    string? PostalCode = null, string? City = null, string? Province = null, string? Region = null,
    string? Country = null, string? Email = null, string? Phone = null);

internal sealed record OptionContent(
    string Iuv,
    string Nav,
    long Amount,
    string Description,
    bool IsPartialPayment,
    DateTimeOffset DueDate,
    DateTimeOffset? RetentionDate,
    long Fee,
    IReadOnlyList<KeyValue> Metadata,
    IReadOnlyList<TransferContent> Transfers,
    DateOnly? NotificationDate,
    string? ActualisationRule,
    DebtorData? Debtor,
    string? PaymentPlanId = null,
    string? PlanDescription = null);

internal sealed record TransferContent(
    int IdTransfer,
    long Amount,
    string OrganizationFiscalCode,
    string? CompanyName,
    string RemittanceInformation,
    string Category,
    string? Iban,
    string? PostalIban,
    StampData? Stamp,
    IReadOnlyList<KeyValue> Metadata,
    string? AccountingChapter,
    string? AccountingAssessment);

internal sealed record StampData(string HashDocument, string StampType, string ProvincialResidence);

internal sealed record KeyValue(string Key, string Value);
