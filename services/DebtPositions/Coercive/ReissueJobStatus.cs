using Npgsql;

namespace DebtPositions.Coercive;

// Bulk re-issue statuses: QUEUED → RUNNING → COMPLETED | FAILED.
internal static class ReissueJobStatuses
{
    public const string Queued = "QUEUED";
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
}

// GET …/coercive/reissues/{id}: where a bulk re-issue stands. total is counted when the job starts; reissued +
// skipped grow batch by batch, each batch committed with the positions it re-issued. failure on a RUNNING job says
// why it waits (a dependency down); it goes on by itself.
internal sealed record ReissueJobStatus(
    Guid Id, string OrganizationFiscalCode, string RevenueType, DateOnly OverdueBefore, DateOnly EnforceableFrom, long CostsCents,
    bool MoraInterest, DateOnly DueDate, string Status, long Total, long Reissued, long Skipped, string? Failure,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double? ElapsedSeconds, double? PositionsPerSecond,
    double? EtaSeconds, IReadOnlyList<ReissueSkip> Skips)
{
    public const int ShownSkips = 100;

    private const string Columns = """
        id, organization_fiscal_code, revenue_type, overdue_before, enforceable_from, costs_cents, mora_interest, due_date, status,
        total, reissued, skipped, failure, created_at, started_at, finished_at
        """;

    [System.Text.Json.Serialization.JsonIgnore]
    public ReissueTerms Terms => new(EnforceableFrom, CostsCents, MoraInterest, DueDate);

    public bool Asks(string revenueType, DateOnly overdueBefore, ReissueTerms terms) =>
        RevenueType == revenueType && OverdueBefore == overdueBefore && Terms == terms;

    // The job with this id, this Idempotency-Key, or (neither given) the EC's active job.
    public static async Task<ReissueJobStatus?> ReadAsync(NpgsqlConnection connection, string organization, Guid? id, string? key,
        DateTimeOffset now, CancellationToken ct)
    {
        var where = id is not null ? "id = $2" : key is not null ? "idempotency_key = $2" : $"status IN ('{ReissueJobStatuses.Queued}', '{ReissueJobStatuses.Running}')";
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM {DebtPositionsDb.Schema}.reissue_jobs WHERE organization_fiscal_code = $1 AND {where}", connection);
        command.Parameters.AddWithValue(organization);
        if (id is { } byId) command.Parameters.AddWithValue(byId);
        else if (key is not null) command.Parameters.AddWithValue(key);
        ReissueJobStatus status;
        await using (var r = await command.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return null;
            var started = r.IsDBNull(14) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(14);
            var finished = r.IsDBNull(15) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(15);
            var (total, reissued, skipped) = (r.GetInt64(9), r.GetInt64(10), r.GetInt64(11));
            double? elapsed = started is { } s ? ((finished ?? now) - s).TotalSeconds : null;
            double? rate = elapsed is > 0 ? (reissued + skipped) / elapsed : null;
            double? eta = finished is not null ? 0 : rate is > 0 ? Math.Max(0, total - reissued - skipped) / rate : null;
            status = new ReissueJobStatus(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateOnly>(3), r.GetFieldValue<DateOnly>(4),
                r.GetInt64(5), r.GetBoolean(6), r.GetFieldValue<DateOnly>(7), r.GetString(8), total, reissued, skipped,
                r.IsDBNull(12) ? null : r.GetString(12), r.GetFieldValue<DateTimeOffset>(13), started, finished, elapsed, rate, eta, []);
        }
        await using var skips = new NpgsqlCommand(
            $"SELECT iupd, reason FROM {DebtPositionsDb.Schema}.reissue_job_failures WHERE job_id = $1 ORDER BY iupd LIMIT {ShownSkips}", connection);
        skips.Parameters.AddWithValue(status.Id);
        var list = new List<ReissueSkip>();
        await using (var r = await skips.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) list.Add(new ReissueSkip(r.GetString(0), r.GetString(1)));
        return status with { Skips = list };
    }
}

// A position the job did not re-issue, and why (paid meanwhile, no transfer of the EC, IUPD taken…).
internal sealed record ReissueSkip(string Iupd, string Reason);
