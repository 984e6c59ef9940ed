using System.Net;
using Contracts.DebtPositions;
using Microsoft.AspNetCore.Mvc.Testing;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// The bulk import across processes: a crash mid-file, and two replicas on one database. The fixture's own host never
// starts here; every process is a replica (Replicas), stopped as a crash stops it, and an ImportGate holds the import
// at the first row of chunk 3, so what is committed when a process dies is known, not a matter of timing.
public sealed class ImportReplicaTests(BulkImportApp app) : IClassFixture<BulkImportApp>
{
    private const int Rows = 400;            // 8 chunks of 50
    private const int GatedChunk = 3;
    private const string ImportJob = "debt-positions-imports";

    [Fact]
    public async Task An_import_whose_process_crashes_mid_file_resumes_in_a_new_process_after_its_last_committed_chunk_and_imports_every_row_once()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var chunks = await DebtPositionEvents.ChunksAsync(bus);
        var prefix = Prefix("crash");
        await using var gate = await ImportGate.CloseAsync(app.Database, Iupd(prefix, GatedChunk * 50));
        await using var replicas = new Replicas(app);
        var location = await UploadAsync(replicas.Start("crash-first"), prefix);

        Assert.Equal("crash-first", await gate.ReachedAsync());
        await ChunksDoneAsync(location, GatedChunk);
        await replicas.CrashAsync("crash-first");

        // What the crash left: the chunks before the gated one, whole, and the import still RUNNING.
        Assert.Equal(("RUNNING", GatedChunk, GatedChunk * 50L), await ProgressAsync(location));
        Assert.Equal(GatedChunk * 50, await CountAsync(prefix));
        await gate.OpenAsync();
        await AssertEveryRowImportedOnceAsync(replicas.Start("crash-second"), location, prefix, chunks);
    }

    [Fact]
    public async Task Of_two_replicas_only_one_runs_the_import_job_and_when_it_dies_the_other_finishes_the_import_with_every_row_once()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var chunks = await DebtPositionEvents.ChunksAsync(bus);
        var prefix = Prefix("pair");
        await using var gate = await ImportGate.CloseAsync(app.Database, Iupd(prefix, GatedChunk * 50));
        await using var replicas = new Replicas(app);
        replicas.Start("pair-b", lifecycleJob: false);
        var location = await UploadAsync(replicas.Start("pair-a", lifecycleJob: false), prefix);

        var holder = await gate.ReachedAsync();
        var other = holder == "pair-a" ? "pair-b" : "pair-a";
        await ChunksDoneAsync(location, GatedChunk);
        // The other replica's import job comes round twice while the holder is held: the first round ended, with no work.
        await Replicas.JobRoundsAsync(app.Database, other, 2);
        Assert.Equal([holder], await Replicas.JobHoldersAsync(app.Database, ImportJob));
        Assert.Equal([holder], await gate.WaitersAsync());
        Assert.Equal(("RUNNING", GatedChunk, GatedChunk * 50L), await ProgressAsync(location));

        await replicas.CrashAsync(holder);
        await gate.OpenAsync();
        await AssertEveryRowImportedOnceAsync(replicas[other], location, prefix, chunks);
    }

    private async Task AssertEveryRowImportedOnceAsync(WebApplicationFactory<Program> replica, string location, string prefix,
        EveryEvent<DebtPositionsImported> chunks)
    {
        var status = await app.FinishedAsync(replica.CreateClient(), location);
        Assert.Equal(("COMPLETED", Rows, Rows, 0L), (status.GetProperty("status").GetString(), status.GetProperty("rowsRead").GetInt64(),
            status.GetProperty("rowsImported").GetInt64(), status.GetProperty("rowsRejected").GetInt64()));
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM debt_positions.import_errors WHERE import_id = '{status.GetProperty("id").GetGuid()}'"));
        Assert.Equal(Rows, await CountAsync(prefix));
        var stored = await app.Database.ScalarAsync<string>($"""
            SELECT string_agg(p.iupd || '=' || o.nav, ' ' ORDER BY p.iupd) FROM debt_positions.positions p
            JOIN debt_positions.payment_options o ON o.position_id = p.id WHERE p.iupd LIKE '{prefix}%'
            """);
        Assert.Equal(Rows, stored!.Split(' ').Select(s => s.Split('=')[1]).Distinct().Count());

        // Every position published in exactly one chunk event (a chunk's event may be delivered twice: the outbox
        // publishes at least once, and a crash between publishing and deleting it repeats it with the same MessageId).
        await chunks.SettleAsync(app.Database);
        var published = chunks.Distinct.Where(c => c.Positions.Any(p => p.Iupd.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.Equal(Enumerable.Range(0, Rows / 50), published.Select(c => c.Chunk).Order());
        Assert.Equal(stored, string.Join(' ', published.SelectMany(c => c.Positions).Select(p => $"{p.Iupd}={p.Options[0].Nav}").Order(StringComparer.Ordinal)));
    }

    private static async Task<string> UploadAsync(WebApplicationFactory<Program> replica, string prefix)
    {
        var response = await replica.CreateClient().PostAsync(BulkImportApp.Imports + "?toPublish=true", BulkCsv.Content(BulkCsv.File(prefix, Rows)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private Task ChunksDoneAsync(string location, int chunks) => Eventually.TrueAsync(async () =>
        (await ProgressAsync(location)).ChunksDone == chunks, TimeSpan.FromSeconds(30), $"{chunks} chunks committed");

    private async Task<(string? Status, int ChunksDone, long RowsImported)> ProgressAsync(string location)
    {
        var id = location[(location.LastIndexOf('/') + 1)..];
        var row = await app.Database.ScalarAsync<string>($"SELECT status || ' ' || chunks_done || ' ' || rows_imported FROM debt_positions.imports WHERE id = '{id}'");
        var parts = row!.Split(' ');
        return (parts[0], int.Parse(parts[1]), long.Parse(parts[2]));
    }

    private Task<long> CountAsync(string prefix) =>
        app.Database.ScalarAsync<long>($"SELECT count(*) FROM debt_positions.positions WHERE iupd LIKE '{prefix}%'");

    private static string Iupd(string prefix, int row) => $"{prefix}-{row:D6}";

    private static string Prefix(string name) => $"{name}{Guid.NewGuid():N}"[..18];
}
