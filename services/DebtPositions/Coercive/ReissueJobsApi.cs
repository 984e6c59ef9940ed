using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using ServiceDefaults.Time;
using ServiceDefaults.Web;

namespace DebtPositions.Coercive;

// POST …/coercive/reissues starts a bulk re-issue; GET …/reissues/{id} follows it. One job per EC at a time (a unique
// index); the same request again, or the same Idempotency-Key, answers the job already there.
internal static class ReissueJobsApi
{
    public static async Task<Results<Accepted<ReissueJobStatus>, ValidationProblem, ProblemHttpResult>> Start(
        string organizationfiscalcode, BulkReissueRequest body, HttpRequest request, NpgsqlDataSource dataSource, CoerciveQuotes quotes,
        TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.RevenueType) || body.RevenueType.Length > 100) errors["revenueType"] = ["revenueType is required (1 to 100 characters)"];
        if (body.OverdueBefore is not { } before) errors["overdueBefore"] = ["overdueBefore is required: positions whose every notice fell due before this day"];
        else if (RequestBounds.DayProblem(before) is { } far) errors["overdueBefore"] = [$"overdueBefore {far}"];
        var terms = ReissueTerms.Of(errors, body.EnforceableFrom, body.CostsCents, body.MoraInterest, body.DueDate, RomeCalendar.DateOf(now));
        var key = request.Headers[RequestBounds.IdempotencyKeyHeader].FirstOrDefault();
        if (key is not null && !RequestBounds.IsIdempotencyKey(key)) errors[RequestBounds.IdempotencyKeyHeader] = [RequestBounds.IdempotencyKeyRule];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!quotes.Configured) return CoerciveApi.NotConfigured();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await Existing(connection, organizationfiscalcode, key, body.RevenueType!, body.OverdueBefore!.Value, terms!, now, ct) is { } answer) return answer;
            try
            {
                var id = Guid.CreateVersion7();
                await InsertAsync(connection, id, organizationfiscalcode, body.RevenueType!, body.OverdueBefore!.Value, terms!, key,
                    DebtPositionsApi.Cause(request), now, ct);
                var created = await ReissueJobStatus.ReadAsync(connection, organizationfiscalcode, id, null, now, ct);
                return TypedResults.Accepted(CoerciveApi.Location(organizationfiscalcode, id), created!);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another request started a job for this EC (or with this key) meanwhile: answer as if it came first.
            }
        }
        return DebtPositionsApi.Conflict($"a re-issue job for organization {organizationfiscalcode} was being started concurrently; retry");
    }

    public static async Task<Results<Ok<ReissueJobStatus>, ProblemHttpResult>> Get(
        string organizationfiscalcode, Guid id, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var status = await ReissueJobStatus.ReadAsync(connection, organizationfiscalcode, id, null, time.GetUtcNow(), ct);
        return status is null
            ? TypedResults.Problem($"No re-issue job {id} for organization {organizationfiscalcode}", statusCode: StatusCodes.Status404NotFound, title: "Re-issue job not found")
            : TypedResults.Ok(status);
    }

    // POST …/reissues/{id}/cancel: a QUEUED or RUNNING job stops. Batches already committed stay (their positions are
    // re-issued, with lineage); the batch running at that moment is rolled back whole; nothing further is re-issued.
    public static async Task<Results<Ok<ReissueJobStatus>, ProblemHttpResult>> Cancel(
        string organizationfiscalcode, Guid id, HttpRequest request, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            UPDATE {DebtPositionsDb.Schema}.reissue_jobs SET status = '{ReissueJobStatuses.Cancelled}', failure = $3, finished_at = $4, updated_at = $4
            WHERE organization_fiscal_code = $1 AND id = $2 AND status IN ('{ReissueJobStatuses.Queued}', '{ReissueJobStatuses.Running}')
            """, connection);
        command.Parameters.AddWithValue(organizationfiscalcode);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue("cancelled by " + DebtPositionsApi.Cause(request));
        command.Parameters.AddWithValue(now);
        var cancelled = await command.ExecuteNonQueryAsync(ct);
        var status = await ReissueJobStatus.ReadAsync(connection, organizationfiscalcode, id, null, now, ct);
        if (status is null)
            return TypedResults.Problem($"No re-issue job {id} for organization {organizationfiscalcode}", statusCode: StatusCodes.Status404NotFound, title: "Re-issue job not found");
        return cancelled == 1
            ? TypedResults.Ok(status)
            : DebtPositionsApi.Conflict($"re-issue job {id} is {status.Status}: only a QUEUED or RUNNING job can be cancelled");
    }

    // The answer when a job of this key, or an active job of this EC, is already there; null to start one.
    private static async Task<Results<Accepted<ReissueJobStatus>, ValidationProblem, ProblemHttpResult>?> Existing(NpgsqlConnection connection,
        string organization, string? key, string revenueType, DateOnly overdueBefore, ReissueTerms terms, DateTimeOffset now, CancellationToken ct)
    {
        if (key is not null && await ReissueJobStatus.ReadAsync(connection, organization, null, key, now, ct) is { } keyed)
            return keyed.Asks(revenueType, overdueBefore, terms)
                ? TypedResults.Accepted(CoerciveApi.Location(organization, keyed.Id), keyed)
                : TypedResults.Problem($"Idempotency-Key {key} was first used with a different request body",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused");
        if (await ReissueJobStatus.ReadAsync(connection, organization, null, null, now, ct) is not { } active) return null;
        return active.Asks(revenueType, overdueBefore, terms) && key is null
            ? TypedResults.Accepted(CoerciveApi.Location(organization, active.Id), active)
            : DebtPositionsApi.Conflict($"re-issue job {active.Id} is {active.Status} for organization {organization}: one job per EC at a time");
    }

    private static async Task InsertAsync(NpgsqlConnection connection, Guid id, string organization, string revenueType, DateOnly overdueBefore,
        ReissueTerms terms, string? key, string cause, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {DebtPositionsDb.Schema}.reissue_jobs (id, organization_fiscal_code, revenue_type, overdue_before, enforceable_from,
                costs_cents, mora_interest, due_date, idempotency_key, cause, status, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '{ReissueJobStatuses.Queued}', $11, $11)
            """, connection);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(organization);
        command.Parameters.AddWithValue(revenueType);
        command.Parameters.AddWithValue(overdueBefore);
        command.Parameters.AddWithValue(terms.EnforceableFrom);
        command.Parameters.AddWithValue(terms.CostsCents);
        command.Parameters.AddWithValue(terms.MoraInterest);
        command.Parameters.AddWithValue(terms.DueDate);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)key ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue(cause);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(ct);
    }
}
