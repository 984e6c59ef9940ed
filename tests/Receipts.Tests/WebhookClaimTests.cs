using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Receipts.Webhooks;
using Xunit;

namespace Receipts.Tests;

// The sweeper's claim, run as the sweeper runs it, on rows written in a transaction that is rolled back (the service
// is not started: no sweeper of its own competes). Under load a subscription's queue holds thousands of pending rows
// and the claim runs for every freed slot, so what it reads must not grow with the queue (ADR 0098).
public sealed class WebhookClaimTests(ReceiptsApp app) : IClassFixture<ReceiptsApp>
{
    private const int PerSubscription = 4;
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_full_subscriptions_claim_reads_no_more_pages_with_two_thousand_deliveries_waiting_than_with_fifty()
    {
        var fifty = await PagesReadByAClaimOfAFullSubscriptionAsync(waiting: 50);
        var twoThousand = await PagesReadByAClaimOfAFullSubscriptionAsync(waiting: 2_000);

        // Reading the queue would add at least a page per waiting row; the slack is for the index's height.
        Assert.True(twoThousand <= fifty + 40, $"the claim read {fifty} pages with 50 deliveries waiting and {twoThousand} with 2,000");
    }

    [Fact]
    public async Task A_claim_leases_the_oldest_deliveries_up_to_the_free_slots_and_a_recorded_or_expired_lease_frees_its_slot()
    {
        await using var connection = await OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var subscription = await SubscribeAsync(connection, tx);
        var oldestFirst = await AddWaitingAsync(connection, tx, subscription, 10);

        var first = await ClaimAsync(connection, tx, Start);
        Assert.Equal(oldestFirst[..PerSubscription].Order(), first.Order());
        Assert.Empty(await ClaimAsync(connection, tx, Start.AddSeconds(1)));

        await ExecuteAsync(connection, tx, $"""
            UPDATE receipts.webhook_deliveries SET status = 'delivered', leased_until = NULL, next_attempt_at = NULL
            WHERE id = '{oldestFirst[0]}'
            """);
        Assert.Equal(new[] { oldestFirst[PerSubscription] }, await ClaimAsync(connection, tx, Start.AddSeconds(2)));

        // The first claim's leases have run out (a replica died): their three deliveries are due again, the fifth still
        // holds its slot.
        var afterExpiry = await ClaimAsync(connection, tx, Start + Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(oldestFirst[1..PerSubscription].Order(), afterExpiry.Order());
        Assert.Empty(await ClaimAsync(connection, tx, Start + Lease + TimeSpan.FromSeconds(2)));
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task A_receipt_being_archived_for_the_subscription_does_not_hide_its_due_deliveries_but_a_running_claim_does()
    {
        await using var setup = await OpenAsync();
        Guid subscription;
        await using (var tx = await setup.BeginTransactionAsync())
        {
            subscription = await SubscribeAsync(setup, tx);
            await AddWaitingAsync(setup, tx, subscription, 2);
            await tx.CommitAsync();
        }
        try
        {
            // An archive's transaction has written a delivery for the subscription and not committed yet: its foreign key
            // holds a key-share lock on the subscription's row, which a claim locking that row FOR UPDATE would skip.
            await using var archiving = await OpenAsync();
            await using var archive = await archiving.BeginTransactionAsync();
            await AddWaitingAsync(archiving, archive, subscription, 1);
            await using var claiming = await OpenAsync();
            await using (var tx = await claiming.BeginTransactionAsync())
            {
                Assert.Equal(2, (await ClaimAsync(claiming, tx, Start)).Count);
                // Meanwhile a second claim (another replica) skips the subscription: the in-flight count it would see is
                // the first claim's to update.
                await using var other = await OpenAsync();
                await using var otherTx = await other.BeginTransactionAsync();
                Assert.Empty(await ClaimAsync(other, otherTx, Start.AddSeconds(1)));
                await otherTx.RollbackAsync();
                await tx.RollbackAsync();
            }
            await archive.RollbackAsync();
        }
        finally
        {
            await using var tx = await setup.BeginTransactionAsync();
            await ExecuteAsync(setup, tx, $"DELETE FROM receipts.webhook_subscriptions WHERE id = '{subscription}'");
            await tx.CommitAsync();
        }
    }

    private async Task<long> PagesReadByAClaimOfAFullSubscriptionAsync(int waiting)
    {
        await using var connection = await OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var subscription = await SubscribeAsync(connection, tx);
        await AddWaitingAsync(connection, tx, subscription, waiting);
        // Delivered history, as a running service has, then statistics: on empty tables a planner's choice means nothing.
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO receipts.webhook_deliveries (id, subscription_id, event_id, event_type, body, status, attempts, created_at, retry_from, delivered_at)
            SELECT gen_random_uuid(), '{subscription}', gen_random_uuid(), 'receipt.archived', '', 'delivered', 1,
                   timestamptz '{Start:O}' - interval '1 day' + g * interval '1 second', timestamptz '{Start:O}' - interval '1 day', timestamptz '{Start:O}'
            FROM generate_series(1, 5000) g;
            ANALYZE receipts.webhook_deliveries;
            ANALYZE receipts.webhook_subscriptions;
            """);
        Assert.Equal(PerSubscription, (await ClaimAsync(connection, tx, Start)).Count);

        await using var explain = Claim(connection, tx, Start.AddSeconds(1), "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ");
        var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!).RootElement[0].GetProperty("Plan");
        await tx.RollbackAsync();
        return plan.GetProperty("Shared Hit Blocks").GetInt64() + plan.GetProperty("Shared Read Blocks").GetInt64();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<Guid> SubscribeAsync(NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync(connection, tx, $"""
            INSERT INTO receipts.webhook_subscriptions (id, organization_fiscal_code, target_url, event_types, status, secret_ciphertext, created_at, updated_at)
            VALUES ('{id}', '44444444449', 'https://receiver.invalid/hooks', ARRAY['receipt.archived'], 'active', 'v1:none', now(), now())
            """);
        return id;
    }

    // Pending deliveries due a second apart before Start; their ids, oldest first.
    private static async Task<Guid[]> AddWaitingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid subscription, int count)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO receipts.webhook_deliveries (id, subscription_id, event_id, event_type, body, status, attempts, created_at, retry_from, next_attempt_at)
            SELECT receipts.uuid_v7(), '{subscription}', gen_random_uuid(), 'receipt.archived', repeat('x', 900), 'pending', 0, t, t, t
            FROM generate_series(1, {count}) g, LATERAL (SELECT timestamptz '{Start:O}' - ({count} - g + 1) * interval '1 second' AS t) due
            RETURNING id, next_attempt_at
            """, connection, tx);
        var rows = new List<(Guid Id, DateTime Due)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetDateTime(1)));
        return [.. rows.OrderBy(r => r.Due).Select(r => r.Id)];
    }

    private static async Task<List<Guid>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateTimeOffset now)
    {
        await using var command = Claim(connection, tx, now);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static NpgsqlCommand Claim(NpgsqlConnection connection, NpgsqlTransaction tx, DateTimeOffset now, string prefix = "")
    {
        var command = new NpgsqlCommand(prefix + WebhookSweeper.ClaimSql, connection, tx);
        command.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = now + Lease, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = PerSubscription });
        command.Parameters.Add(new() { Value = 64 });
        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync();
    }
}
