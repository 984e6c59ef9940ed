using Npgsql;

namespace ServiceDefaults.Persistence;

/// <summary>
/// Planner settings for the few bulk statements that look up a chunk's thousand keys in a table that is filling up.
/// There, index probes cost the same at any table size, but the planner prices them from statistics that lag behind
/// the table (an EC's first import, a table just emptied): it then hashes the keys against a sequential scan of the
/// whole table, once per chunk, a cost that grows with every chunk (ADRs 0016, 0017, 0042). No index or rewrite of
/// such a query changes that choice; turning off the plans that read whole tables does, for one transaction only.
/// Kept here, at the persistence seam, so that the domain code only says which statement needs it.
/// </summary>
public static class IndexProbes
{
    private const string Settings =
        "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)";

    /// <summary>A batch command to put before the statement: the settings last until the transaction ends.</summary>
    public static NpgsqlBatchCommand ForThisTransaction() => new(Settings);

    /// <summary>The same settings on <paramref name="connection"/>'s open transaction <paramref name="tx"/>.</summary>
    public static async Task ForThisTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Settings, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
