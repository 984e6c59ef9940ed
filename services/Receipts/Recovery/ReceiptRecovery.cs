namespace Receipts.Recovery;

// A payment a reporting flow reported without a receipt in the archive: the recovery job fetches its receipt from
// pagoPA's biz-events, a few times at most, with waits that grow (ADR 0025).
internal sealed class ReceiptRecovery
{
    public const string Pending = "pending";
    // Fetched from biz-events and archived by the recovery.
    public const string Recovered = "recovered";
    // The receipt reached the archive by the ordinary path before the recovery fetched it.
    public const string AlreadyArchived = "already-archived";
    // Every attempt failed: left to an operator (the API and the metrics show it).
    public const string Unrecoverable = "unrecoverable";

    private ReceiptRecovery() { }

    public Guid Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string Iur { get; private set; } = "";
    public string FlowId { get; private set; } = "";
    public string Anomaly { get; private set; } = "";
    public string Status { get; private set; } = Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }

    public static ReceiptRecovery Open(string organization, string iuv, string iur, string flowId, string anomaly, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganizationFiscalCode = organization,
        Iuv = iuv,
        Iur = iur,
        FlowId = flowId,
        Anomaly = anomaly,
        NextAttemptAt = now,
        CreatedAt = now,
    };

    public void Resolve(string status, DateTimeOffset now) => (Status, NextAttemptAt, ResolvedAt) = (status, null, now);

    // Records a call to biz-events that did not bring the receipt; the next one waits, or there is none.
    public void Failed(int? statusCode, string error, DateTimeOffset? next, DateTimeOffset now)
    {
        (Attempts, LastAttemptAt, LastStatusCode, LastError) = (Attempts + 1, now, statusCode, error);
        if (next is null) Resolve(Unrecoverable, now);
        else NextAttemptAt = next;
    }

    // Not attempted after all (pagoPA's throttle): the same attempt, later.
    public void Postpone(DateTimeOffset until) => NextAttemptAt = until;

    public void Fetched(DateTimeOffset now)
    {
        (Attempts, LastAttemptAt, LastStatusCode, LastError) = (Attempts + 1, now, 200, null);
        Resolve(Recovered, now);
    }

    // An operator asks for another round of attempts (after fixing a configuration, or when pagoPA says it is there
    // now).
    public bool Retry(DateTimeOffset now)
    {
        if (Status != Unrecoverable) return false;
        (Status, Attempts, NextAttemptAt, ResolvedAt) = (Pending, 0, now, null);
        return true;
    }
}

// One call to biz-events: the audit trail of a recovery, and what the throttle counts.
internal sealed class ReceiptRecoveryCall
{
    private ReceiptRecoveryCall() { }

    public long Id { get; private set; }
    public Guid RecoveryId { get; private set; }
    public DateTimeOffset CalledAt { get; private set; }
    public int LatencyMs { get; private set; }
    public int? StatusCode { get; private set; }
    public string? Error { get; private set; }

    public static ReceiptRecoveryCall Of(Guid recoveryId, DateTimeOffset calledAt, BizEventsAnswer answer) => new()
    {
        RecoveryId = recoveryId,
        CalledAt = calledAt,
        LatencyMs = answer.LatencyMs,
        StatusCode = answer.StatusCode,
        Error = answer.Error,
    };
}
