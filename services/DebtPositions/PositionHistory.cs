namespace DebtPositions;

// One change of a position: what, when, why (cause) and from which status.
internal sealed class PositionHistory
{
    private PositionHistory() { }

    public long Id { get; private set; }
    public long PositionId { get; private set; }
    public long Version { get; private set; }
    public string Change { get; private set; } = "";
    public string? PreviousStatus { get; private set; }
    public string NewStatus { get; private set; } = "";
    // "api:<caller>", "receipt:<id>", "flow:<id>", "job:<name>".
    public string Cause { get; private set; } = "";
    public string? Detail { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }

    public static PositionHistory Of(long version, string change, string? previous, string next, string cause, string? detail, DateTimeOffset at) =>
        new() { Version = version, Change = change, PreviousStatus = previous, NewStatus = next, Cause = cause, Detail = detail, OccurredAt = at };
}

// A transfer a reporting flow reported, recorded whether or not its payment is known yet.
internal sealed class ReportedTransfer
{
    private ReportedTransfer() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public int IdTransfer { get; private set; }
    public string ReceiptId { get; private set; } = "";
    public string FlowId { get; private set; } = "";
    public long Amount { get; private set; }
    public DateOnly RegulationDate { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    public static ReportedTransfer Of(string organization, string iuv, int idTransfer, string receiptId, string flowId,
        long amount, DateOnly regulationDate, DateTimeOffset now) => new()
    {
        OrganizationFiscalCode = organization, Iuv = iuv, IdTransfer = idTransfer, ReceiptId = receiptId,
        FlowId = flowId, Amount = amount, RegulationDate = regulationDate, RecordedAt = now,
    };
}

// The first successful answer to a POST carrying an Idempotency-Key.
internal sealed class IdempotencyKey
{
    private IdempotencyKey() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string RequestHash { get; private set; } = "";
    public int StatusCode { get; private set; }
    public string ResponseBody { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static IdempotencyKey Of(string organization, string key, string requestHash, int statusCode, string body, DateTimeOffset now) =>
        new() { OrganizationFiscalCode = organization, Key = key, RequestHash = requestHash, StatusCode = statusCode, ResponseBody = body, CreatedAt = now };
}
