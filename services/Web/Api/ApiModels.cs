using System.Text.Json.Serialization;

namespace Web.Api;

// What the pages read from the APIs: only the fields they show. JSON names follow the APIs (GPD v1, ours).

public sealed record Position(
    string Iupd, string OrganizationFiscalCode, string Type, string FiscalCode, string FullName, string CompanyName,
    string Status, DateTimeOffset InsertedDate, DateTimeOffset? PublishDate, DateTimeOffset LastUpdatedDate,
    List<Option> PaymentOption, string? RevenueType, long Version)
{
    // The fields this record does not name, the re-issue links among them (read by Lineage).
    [JsonExtensionData] public Dictionary<string, System.Text.Json.JsonElement>? Other { get; init; }
}

public sealed record Option(
    string Nav, string Iuv, long Amount, string Description, bool IsPartialPayment, DateTimeOffset DueDate,
    DateTimeOffset? PaymentDate, string? IdReceipt, string Status, DebtorOfNotice? Debtor, List<TransferOfNotice> Transfer)
{
    public bool IsPaid => Status is "PO_PAID" or "PO_REPORTED" or "PO_PARTIALLY_REPORTED";
}

public sealed record DebtorOfNotice(string? FiscalCode, string? FullName, string? Type = null);

public sealed record TransferOfNotice(string IdTransfer, long Amount, string? Iban, string Category, string RemittanceInformation, string? OrganizationFiscalCode = null);

public sealed record PositionList(
    [property: JsonPropertyName("payment_position_list")] List<Position> Positions,
    [property: JsonPropertyName("page_info")] PageInfo PageInfo);

public sealed record PageInfo(
    [property: JsonPropertyName("page")] int Page, [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("items_found")] int ItemsFound, [property: JsonPropertyName("total_pages")] int TotalPages);

public sealed record HistoryEntry(long Version, string Change, string? PreviousStatus, string NewStatus, string Cause, string? Detail, DateTimeOffset OccurredAt);

public sealed record ImportStatus(Guid Id, string Status, string? FileName, long FileBytes, long BytesRead, long RowsRead, long RowsImported, long RowsRejected,
    DateTimeOffset? CreatedAt = null)
{
    public bool IsFinished => Status is "COMPLETED" or "FAILED" or "CANCELLED";

    // 0–100 by the bytes parsed (rows are not counted before they are parsed, bytes are).
    public int Percent => Status == "COMPLETED" ? 100 : FileBytes > 0 ? (int)Math.Min(99, BytesRead * 100 / FileBytes) : 0;
}

public sealed record WebhookSubscription(Guid Id, string TargetUrl, string[] EventTypes, string? Description, string Status, DateTimeOffset CreatedAt);

public sealed record SpontaneousService(string? Description, string? CompanyName, string? Category, string? AmountRule, long? FixedAmountCents, long? MaxAmountCents, int? DueDays);

// An API's answer that is not a success: its status and, for a validation failure, the errors by field (JSON path).
public sealed record ApiProblem(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors);
