using Microsoft.Extensions.Options;
using Npgsql;
using ServiceDefaults.Persistence;

namespace DebtPositions.Bulk;

// Runs queued imports, oldest first, one at a time across replicas (advisory lock). An import found RUNNING was
// interrupted (crash, restart): it resumes after its last committed chunk.
internal sealed class ImportJob(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IOptions<ImportOptions> options, ILogger<ImportJob> logger)
    : ExclusiveJob(scopes, dataSource, logger)
{
    protected override string Name => "debt-positions-imports";
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        while (await NextAsync(dataSource, ct) is { } import)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ImportRun>().ExecuteAsync(import, ct);
        }
    }

    private static async Task<PendingImport?> NextAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT id, organization_fiscal_code, format, to_publish, cause, rows_read, chunks_done, file_bytes
            FROM {DebtPositionsDb.Schema}.imports
            WHERE {ImportTransitions.Active} ORDER BY created_at LIMIT 1
            """);
        await using var r = await command.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new PendingImport(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetString(4), r.GetInt64(5), r.GetInt32(6), r.GetInt64(7));
    }
}

// An import to run, with where it stopped (rows of committed chunks).
internal sealed record PendingImport(Guid Id, string Organization, string Format, bool ToPublish, string Cause, long RowsRead, int ChunksDone, long FileBytes);

// The import cannot go on (unreadable file, EC unknown to IuvIssuance): it ends FAILED, committed chunks stay.
internal sealed class ImportFailed(string message) : Exception(message);
