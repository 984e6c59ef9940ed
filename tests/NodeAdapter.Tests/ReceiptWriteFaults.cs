using Npgsql;
using Testing;

namespace NodeAdapter.Tests;

// Real database failures for the receipt write, installed as PostgreSQL triggers in one fixture's database: an insert
// of a listed receipt id fails (as a full disk or a lost primary would), or waits at a gate the test holds.
internal static class ReceiptWriteFaults
{
    // Arms two triggers: an insert into receipt_log naming a listed receipt id fails, and so does an insert into the
    // outbox whose event names one, each only while its own switch is on.
    public static Task InstallAsync(TestDatabase database) => database.ExecuteAsync("""
        CREATE TABLE public.failing_receipts (receipt_id text NOT NULL, target text NOT NULL, PRIMARY KEY (receipt_id, target));
        CREATE FUNCTION public.fail_listed_receipt_log() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM public.failing_receipts f WHERE f.target = 'receipt_log' AND f.receipt_id = NEW.receipt_id) THEN
                RAISE EXCEPTION 'injected failure writing receipt %', NEW.receipt_id;
            END IF;
            RETURN NEW;
        END $$;
        CREATE FUNCTION public.fail_listed_outbox_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM public.failing_receipts f
                       WHERE f.target = 'outbox' AND NEW.body::text LIKE '%"' || f.receipt_id || '"%') THEN
                RAISE EXCEPTION 'injected failure writing the outbox row of a listed receipt';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER tr_test_fail_receipt_log BEFORE INSERT ON node_adapter.receipt_log
            FOR EACH ROW EXECUTE FUNCTION public.fail_listed_receipt_log();
        CREATE TRIGGER tr_test_fail_outbox BEFORE INSERT ON node_adapter.outbox_messages
            FOR EACH ROW EXECUTE FUNCTION public.fail_listed_outbox_row();
        """);

    // Inserts of this receipt into receipt_log fail until RecoverAsync.
    public static Task FailReceiptLogAsync(TestDatabase database, string receiptId) =>
        database.ExecuteAsync($"INSERT INTO public.failing_receipts VALUES ('{receiptId}', 'receipt_log')");

    // Inserts of this receipt's event into the outbox fail (its receipt_log insert itself succeeds) until recovery.
    public static Task FailOutboxAsync(TestDatabase database, string receiptId) =>
        database.ExecuteAsync($"INSERT INTO public.failing_receipts VALUES ('{receiptId}', 'outbox')");

    public static Task RecoverAsync(TestDatabase database, string receiptId) =>
        database.ExecuteAsync($"DELETE FROM public.failing_receipts WHERE receipt_id = '{receiptId}'");

    // Closes a gate every receipt_log insert must pass (a shared advisory lock the returned connection holds
    // exclusively): deliveries that reach their insert wait there, after their duplicate check, until the gate is
    // disposed.
    public static async Task<Gate> CloseGateAsync(TestDatabase database)
    {
        await database.ExecuteAsync("""
            CREATE OR REPLACE FUNCTION public.wait_at_gate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock_shared(2121);
                RETURN NEW;
            END $$;
            CREATE OR REPLACE TRIGGER tr_test_gate BEFORE INSERT ON node_adapter.receipt_log
                FOR EACH ROW EXECUTE FUNCTION public.wait_at_gate();
            """);
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(2121)", connection)) await take.ExecuteNonQueryAsync();
        return new Gate(database, connection);
    }

    internal sealed class Gate(TestDatabase database, NpgsqlConnection connection) : IAsyncDisposable
    {
        // Deliveries waiting at the gate (PostgreSQL's own view of the blocked lock requests).
        public Task<long> WaitingAsync() => database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 2121 AND NOT granted");

        public async Task OpenAsync()
        {
            await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(2121)", connection)) await release.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            await database.ExecuteAsync("DROP TRIGGER IF EXISTS tr_test_gate ON node_adapter.receipt_log");
        }
    }
}
