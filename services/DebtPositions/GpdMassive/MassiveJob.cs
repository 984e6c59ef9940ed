using System.Text.Json;
using DebtPositions.Gpd;
using DebtPositions.Iuv;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Persistence;

namespace DebtPositions.GpdMassive;

// Works through the UPDATE and DELETE files, oldest first, one replica at a time (advisory lock): each position as
// the v1 API treats it (its own transaction, so one refused position does not hold back the others), its outcome
// appended to the file after every batch, so a restart resumes where the last batch ended.
internal sealed class MassiveJob(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<MassiveJob> logger)
    : ExclusiveJob(scopes, dataSource, logger)
{
    private const int Batch = 100;

    protected override string Name => "debt-positions-gpd-massive";
    protected override TimeSpan Interval => configuration.GetValue("GpdMassive:Interval", TimeSpan.FromSeconds(1));

    private sealed record Pending(Guid Id, string Organization, string Operation, bool ToPublish, string Payload, int Processed, string Cause);

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var json = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        while (await NextAsync(dataSource, ct) is { } file)
        {
            var todo = file.Operation == MassiveOperations.Update
                ? JsonSerializer.Deserialize<List<PaymentPositionModel>>(file.Payload, json)!.Select(p => (p.Iupd ?? "", (object)p)).ToList()
                : JsonSerializer.Deserialize<List<string>>(file.Payload, json)!.Select(i => (i, (object)i)).ToList();
            for (var start = file.Processed; start < todo.Count; start += Batch)
            {
                var outcomes = new List<PositionOutcome>();
                foreach (var (iupd, item) in todo.Skip(start).Take(Batch))
                {
                    using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<DebtPositionsDb>();
                    var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
                    var result = item is PaymentPositionModel model
                        ? (await UpdatePosition.Run(file.Organization, iupd, PositionRequest.V1(model), GpdDialects.V1, file.ToPublish, null, file.Cause,
                            db, scope.ServiceProvider.GetRequiredService<NoticeAssignment>(), time, ct)).Result
                        : await DeleteAsync(db, file.Organization, iupd, file.Cause, time, ct);
                    outcomes.Add(Outcome(iupd, result, file.Operation));
                }
                var finished = start + outcomes.Count >= todo.Count;
                await SaveAsync(dataSource, file.Id, outcomes, start + outcomes.Count, finished ? services.GetRequiredService<TimeProvider>().GetUtcNow() : null, ct);
            }
            logger.LogInformation("GPD massive file {File} ({Operation}) done: {Count} position(s)", file.Id, file.Operation, todo.Count);
        }
    }

    private static async Task<IResult> DeleteAsync(DebtPositionsDb db, string organization, string iupd, string cause, TimeProvider time, CancellationToken ct)
    {
        var position = await db.LoadAsync(organization, iupd, ct);
        if (position is null) return DebtPositionsApi.NotFound(organization, iupd);
        return await DeletePosition.DeleteAsync(db, [position], cause, time, ct) is { } refused ? refused : TypedResults.Ok("OK");
    }

    // What GPD's report says of one position: the answer the API gave it.
    private static PositionOutcome Outcome(string iupd, IResult result, string operation) => result switch
    {
        ValidationProblem v => new(iupd, StatusCodes.Status400BadRequest, v.ProblemDetails.Detail ?? "invalid position"),
        ProblemHttpResult p => new(iupd, p.StatusCode, p.ProblemDetails.Detail ?? p.ProblemDetails.Title ?? "refused"),
        _ => new(iupd, StatusCodes.Status200OK, operation == MassiveOperations.Update ? "Updated" : "Deleted"),
    };

    private static async Task<Pending?> NextAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT id, organization_fiscal_code, operation, to_publish, payload::text, processed, cause FROM {DebtPositionsDb.Schema}.gpd_massive_files
            WHERE finished_at IS NULL AND import_id IS NULL ORDER BY created_at LIMIT 1
            """);
        await using var r = await command.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct)
            ? new Pending(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetString(4), r.GetInt32(5), r.GetString(6))
            : null;
    }

    private static async Task SaveAsync(NpgsqlDataSource dataSource, Guid id, List<PositionOutcome> outcomes, int processed, DateTimeOffset? finishedAt, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE {DebtPositionsDb.Schema}.gpd_massive_files
            SET responses = responses || $2, processed = $3, finished_at = $4
            WHERE id = $1
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(outcomes, JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(processed);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)finishedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(ct);
    }
}
