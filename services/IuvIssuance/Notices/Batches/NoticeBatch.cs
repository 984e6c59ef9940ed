namespace IuvIssuance.Notices.Batches;

// A bulk rendering of notices: queued → running → completed | failed. Only the replica holding the job's advisory
// lock renders, so a batch found "running" by the lock holder was orphaned by a crashed process and is started again
// from scratch.
internal sealed class NoticeBatch
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const int MaxAttempts = 3;

    private NoticeBatch() { }

    public Guid Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string? IdempotencyKey { get; private set; }
    public string Selection { get; private set; } = "";
    public int Attempts { get; private set; }
    public string Status { get; private set; } = Queued;
    public int Total { get; private set; }
    public int Rendered { get; private set; }
    public int Skipped { get; private set; }
    public int Pages { get; private set; }
    public long? SizeBytes { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    // Seconds left at the pace so far; null before the first notice or once finished.
    public double? EtaSeconds(DateTimeOffset now)
    {
        var done = Rendered + Skipped;
        if (Status != Running || StartedAt is null || done == 0) return null;
        var perItem = (now - StartedAt.Value).TotalSeconds / done;
        return Math.Round(perItem * (Total - done), 1);
    }

    public void Start(DateTimeOffset now)
    {
        Status = Running;
        Attempts++;
        (Rendered, Skipped, Pages, SizeBytes, Error) = (0, 0, 0, null, null);
        StartedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        Status = Failed;
        Error = error;
        CompletedAt = now;
    }
}
