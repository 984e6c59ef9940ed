using System.Text.Json.Serialization;

namespace DebtPositions.Gpd;

// GPD v1 wire shapes (openapi/pagopa-api/gpd.json): same JSON names, money in euro cents. Every field
// is nullable on input so a missing required field is reported by name instead of failing binding.
// Fields after the GPD ones are our additions; GPD clients simply do not send them.
// GPD (Jackson) reads "12050" as the number 12050: so do its input records here, and only they
// (docs/decisions/0022-strict-json.md).

[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed record PaymentPositionModel(
    string? Iupd, string? Type, bool? PayStandIn, string? FiscalCode, string? FullName, string? StreetName,
    string? CivicNumber, string? PostalCode, string? City, string? Province, string? Region, string? Country,
    string? Email, string? Phone, bool? SwitchToExpired, string? CompanyName, string? OfficeName,
    DateTimeOffset? ValidityDate, List<PaymentOptionModel>? PaymentOption,
    string? RevenueType = null, string? ExternalReference = null);

[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed record PaymentOptionModel(
    string? Iuv, long? Amount, string? Description, bool? IsPartialPayment, DateTimeOffset? DueDate,
    DateTimeOffset? RetentionDate, long? Fee, List<TransferModel>? Transfer, List<MetadataModel>? PaymentOptionMetadata,
    DateOnly? NotificationDate = null, string? ActualisationRule = null, DebtorModel? Debtor = null,
    string? PaymentPlanId = null);

[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed record TransferModel(
    string? IdTransfer, long? Amount, string? OrganizationFiscalCode, string? RemittanceInformation, string? Category,
    string? Iban, string? PostalIban, StampModel? Stamp, string? CompanyName, List<MetadataModel>? TransferMetadata,
    string? AccountingChapter = null, string? AccountingAssessment = null);

internal sealed record StampModel(string? HashDocument, string? StampType, string? ProvincialResidence);

internal sealed record MetadataModel(string? Key, string? Value);

// Our addition: the debtor of one notice (jointly liable debtors get one notice each).
internal sealed record DebtorModel(
    string? Type, string? FiscalCode, string? FullName, string? StreetName = null, string? CivicNumber = null,
    string? PostalCode = null, string? City = null, string? Province = null, string? Region = null,
    string? Country = null, string? Email = null, string? Phone = null);

// The answer for every operation: the union of GPD's PaymentPositionModel (create/update/publish/ invalidate) and
// PaymentPositionModelBaseResponse (get/list), plus version (also the ETag).
internal sealed record PositionResponse(
    string Iupd, string OrganizationFiscalCode, string Type, bool PayStandIn, string FiscalCode, string FullName,
    string? StreetName, string? CivicNumber, string? PostalCode, string? City, string? Province, string? Region,
    string? Country, string? Email, string? Phone, bool SwitchToExpired, string CompanyName, string? OfficeName,
    DateTimeOffset InsertedDate, DateTimeOffset? PublishDate, DateTimeOffset? ValidityDate, DateTimeOffset? PaymentDate,
    string Status, DateTimeOffset LastUpdatedDate, List<OptionResponse> PaymentOption,
    string? RevenueType, string? ExternalReference, long Version, string? ReissuedAs = null, string? ReissueOf = null);

internal sealed record OptionResponse(
    string Nav, string Iuv, string OrganizationFiscalCode, long Amount, string Description, bool IsPartialPayment,
    DateTimeOffset DueDate, DateTimeOffset? RetentionDate, DateTimeOffset? PaymentDate, DateTimeOffset? ReportingDate,
    DateTimeOffset InsertedDate, string? PaymentMethod, long Fee, long NotificationFee, string? PspCompany,
    string? IdReceipt, string? IdFlowReporting, string Status, DateTimeOffset LastUpdatedDate,
    List<MetadataModel> PaymentOptionMetadata, List<TransferResponse> Transfer,
    DateOnly? NotificationDate, string? ActualisationRule, DebtorModel? Debtor, string? PaymentPlanId, long? AmountPaid = null);

internal sealed record TransferResponse(
    string OrganizationFiscalCode, string? CompanyName, string IdTransfer, long Amount, string RemittanceInformation,
    string Category, string? Iban, string? PostalIban, StampModel? Stamp, DateTimeOffset InsertedDate, string Status,
    DateTimeOffset LastUpdatedDate, List<MetadataModel> TransferMetadata, string? AccountingChapter, string? AccountingAssessment);

internal sealed record PaymentPositionsInfo(
    [property: JsonPropertyName("payment_position_list")] List<PositionResponse> PaymentPositionList,
    [property: JsonPropertyName("page_info")] PageInfo PageInfo);

internal sealed record PageInfo(
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("items_found")] int ItemsFound,
    [property: JsonPropertyName("total_pages")] int TotalPages);

internal sealed record HistoryResponse(
    long Version, string Change, string? PreviousStatus, string NewStatus, string Cause, string? Detail, DateTimeOffset OccurredAt);

internal sealed record UpdateTransferIbanMassiveModel(string? NewIban);

internal sealed record UpdateTransferIbanMassiveResponse(string Description, int UpdatedTransfers);
