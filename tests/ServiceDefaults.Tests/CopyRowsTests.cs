using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Persistence;
using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

// Rows we encode ourselves in the binary COPY format land exactly as Npgsql's own importer writes them.
public sealed class CopyRowsTests : IAsyncLifetime
{
    private const string Columns = "(id, amount, flag, label, doc, meta, at, day, ref)";
    private TestDatabase _database = null!;

    private static readonly (long Id, int Amount, bool Flag, string? Label, string? Doc, string? Meta, DateTimeOffset? At, DateOnly? Day, Guid Ref)[] Rows =
    [
        (1, 0, false, "plain", """{"a":1}""", """{"k":"v"}""", new DateTimeOffset(2026, 11, 29, 10, 11, 12, 345, TimeSpan.Zero), new DateOnly(2026, 12, 31), Guid.NewGuid()),
        (-9_223_372_036_854_775_808, int.MinValue, true, null, null, null, null, null, Guid.Empty),
        (long.MaxValue, int.MaxValue, true, "àèìòù € 𝄞 \"quoted\" \\ back,slash\nnew line", """["ü",null,{"x":[1,2.5,"€"]}]""", "[]",
            new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(2)).AddTicks(7), new DateOnly(1970, 1, 1), Guid.NewGuid()),
        (42, 7, false, "", "{}", "{}", new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5)), new DateOnly(2000, 1, 1), Guid.NewGuid()),
    ];

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("copyrows");
        foreach (var table in new[] { "ours", "npgsql" })
            await _database.ExecuteAsync($"CREATE TABLE {table} (id bigint, amount integer, flag boolean, label text, doc json, meta jsonb, at timestamptz, day date, ref uuid)");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Every_type_and_null_reads_back_as_Npgsqls_importer_writes_it()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var ours = new CopyRows(16);
        foreach (var r in Rows)
        {
            ours.StartRow(9);
            ours.Bigint(r.Id);
            ours.Integer(r.Amount);
            ours.Boolean(r.Flag);
            ours.Text(r.Label);
            ours.Text(r.Doc);
            ours.Jsonb(r.Meta);
            ours.Instant(r.At);
            ours.Date(r.Day);
            ours.Uuid(r.Ref);
        }
        await ours.CopyAsync(connection, $"COPY ours {Columns} FROM STDIN (FORMAT BINARY)", CancellationToken.None);
        await using (var theirs = await connection.BeginBinaryImportAsync($"COPY npgsql {Columns} FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in Rows)
            {
                await theirs.StartRowAsync();
                await theirs.WriteAsync(r.Id, NpgsqlDbType.Bigint);
                await theirs.WriteAsync(r.Amount, NpgsqlDbType.Integer);
                await theirs.WriteAsync(r.Flag, NpgsqlDbType.Boolean);
                await theirs.WriteAsync((object?)r.Label ?? DBNull.Value, NpgsqlDbType.Text);
                await theirs.WriteAsync((object?)r.Doc ?? DBNull.Value, NpgsqlDbType.Json);
                await theirs.WriteAsync((object?)r.Meta ?? DBNull.Value, NpgsqlDbType.Jsonb);
                await theirs.WriteAsync((object?)r.At?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType.TimestampTz);
                await theirs.WriteAsync((object?)r.Day ?? DBNull.Value, NpgsqlDbType.Date);
                await theirs.WriteAsync(r.Ref, NpgsqlDbType.Uuid);
            }
            await theirs.CompleteAsync();
        }

        Assert.Equal(Rows.Length, ours.Rows);
        Assert.Equal(Rows.Length, await _database.ScalarAsync<long>("SELECT count(*) FROM ours"));
        // json has no equality operator: compared as text, which json keeps as written.
        const string Comparable = "id, amount, flag, label, doc::text, meta, at, day, ref";
        Assert.Equal(0, await _database.ScalarAsync<long>($"SELECT count(*) FROM (SELECT {Comparable} FROM ours EXCEPT SELECT {Comparable} FROM npgsql) d"));
        Assert.Equal(0, await _database.ScalarAsync<long>($"SELECT count(*) FROM (SELECT {Comparable} FROM npgsql EXCEPT SELECT {Comparable} FROM ours) d"));
        Assert.Equal("àèìòù € 𝄞 \"quoted\" \\ back,slash\nnew line", await _database.ScalarAsync<string>($"SELECT label FROM ours WHERE id = {long.MaxValue}"));
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM ours WHERE label IS NULL AND doc IS NULL AND meta IS NULL AND at IS NULL AND day IS NULL"));
    }

    [Fact]
    public async Task A_row_that_breaks_a_constraint_fails_the_copy_with_PostgreSQLs_error()
    {
        await _database.ExecuteAsync("CREATE TABLE keyed (id bigint PRIMARY KEY)");
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var rows = new CopyRows();
        foreach (var id in new long[] { 1, 1 })
        {
            rows.StartRow(1);
            rows.Bigint(id);
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => rows.CopyAsync(connection, "COPY keyed (id) FROM STDIN (FORMAT BINARY)", CancellationToken.None));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Throws<InvalidOperationException>(() => rows.StartRow(1));
    }
}
