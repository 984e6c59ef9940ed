using System.Text.Json.Serialization;
using DebtPositions.Gpd;

namespace DebtPositions.GpdV3;

// GPD v3 wire shapes (openapi_external_v3.json): the debtor, validity and expiry move to the payment
// option, which groups its instalments. Same conventions as v1: every input field nullable so a missing
// one is named, money in euro cents, our additions after GPD's fields. TransferModel, DebtorModel and
// metadata entries are v1's records: v3 defines them with the same JSON names.

[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed record PaymentPositionModelV3(
    string? Iupd, bool? PayStandIn, string? CompanyName, string? OfficeName, List<PaymentOptionModelV3>? PaymentOption,
    string? RevenueType = null, string? ExternalReference = null);

[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed record PaymentOptionModelV3(
    string? Description, DateTimeOffset? ValidityDate, DateTimeOffset? RetentionDate, bool? SwitchToExpired,
    DebtorModel? Debtor, List<InstallmentModel>? Installments);

// nav, status and notificationFee are read-only and ignored; fee is accepted as in v1 (see the notes).
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed record InstallmentModel(
    string? Iuv, long? Amount, string? Description, DateTimeOffset? DueDate, List<TransferModel>? Transfer,
    List<MetadataModel>? InstallmentMetadata, long? Fee = null, DateOnly? NotificationDate = null, string? ActualisationRule = null);

// PaymentPositionModelResponseV3 (also answers create/update/publish), plus payStandIn and our fields; reissuedAs and
// reissueOf are the coercive lineage (docs/coercive.md), as in v1.
internal sealed record PositionResponseV3(
    string Iupd, string OrganizationFiscalCode, string CompanyName, string? OfficeName, DateTimeOffset InsertedDate,
    DateTimeOffset? PublishDate, DateTimeOffset? PaymentDate, string Status, DateTimeOffset LastUpdatedDate,
    List<OptionResponseV3> PaymentOption, bool PayStandIn, string? RevenueType, string? ExternalReference, long Version,
    string? ReissuedAs = null, string? ReissueOf = null);

internal sealed record OptionResponseV3(
    bool SwitchToExpired, DateTimeOffset? RetentionDate, DateTimeOffset InsertedDate, DateTimeOffset? ValidityDate,
    DebtorModel Debtor, List<InstallmentResponse> Installments);

internal sealed record InstallmentResponse(
    string Nav, string Iuv, string OrganizationFiscalCode, long Amount, string Description, DateTimeOffset DueDate,
    DateTimeOffset? PaymentDate, DateTimeOffset? ReportingDate, string? PaymentMethod, string? PspCompany, long Fee,
    long NotificationFee, string? IdReceipt, string? IdFlowReporting, string Status, DateTimeOffset LastUpdatedDate,
    List<MetadataModel> InstallmentMetadata, List<TransferResponse> Transfer, DateOnly? NotificationDate, string? ActualisationRule,
    long? AmountPaid = null);

internal sealed record PaymentPositionsInfoV3(
    [property: JsonPropertyName("payment_position_list")] List<PositionResponseV3> PaymentPositionList,
    [property: JsonPropertyName("page_info")] PageInfo PageInfo);
