using Contracts.DebtPositions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NodeAdapter.Notices;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// A cache whose entries would live an hour: whatever a test sees change within seconds was forgotten because
// PostgreSQL notified it, never because it expired.
public sealed class NoticeCacheApp : NodeAdapterApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("NoticeCache:TimeToLive", "01:00:00"),
        new("NoticeCache:ProbeInterval", "00:00:00.500"),
        new("NoticeCache:RetryDelay", "00:00:00.200"),
    ];
}

public sealed class NoticeCacheTests(NoticeCacheApp app) : IClassFixture<NoticeCacheApp>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Verify_is_answered_from_memory_and_a_status_written_in_the_database_reaches_it_through_the_notification()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 4_200));
        await ListeningAsync();
        Assert.Equal("OK", (await VerifyAsync(client, iuv)).Outcome);

        // A change nobody is told about (triggers off for this session) stays invisible: the answer comes from memory.
        await SilentlyAsync($"UPDATE node_adapter.notices SET position_status = 'INVALID' WHERE iuv = '{iuv}'");
        Assert.Equal("OK", (await VerifyAsync(client, iuv)).Outcome);

        // Any statement that touches the row notifies, and verify answers the database's state again.
        await app.Database.ExecuteAsync($"UPDATE node_adapter.notices SET updated_at = now() WHERE iuv = '{iuv}'");
        await FaultEventuallyAsync(client, iuv, "PAA_PAGAMENTO_ANNULLATO");
    }

    [Fact]
    public async Task A_status_changed_by_the_position_consumer_or_by_a_bulk_chunk_is_answered_at_once()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (single, bulk) = (Positions.NewIuv(), Positions.NewIuv());
        await ReadModel.PublishAsync(client, bus, Positions.Valid(single, 1_000));
        await ReadModel.PublishAsync(client, bus, Positions.Valid(bulk, 2_000));
        await ListeningAsync();
        Assert.Equal("OK", (await VerifyAsync(client, single)).Outcome);
        Assert.Equal("OK", (await VerifyAsync(client, bulk)).Outcome);

        await bus.PublishAsync(Positions.Changed("IUPD-" + single, 2, "INVALID", Positions.Option(single, 1_000)));
        await bus.PublishAsync(new DebtPositionsImported(Guid.NewGuid(), 0,
            [Positions.Changed("IUPD-" + bulk, 2, "EXPIRED", Positions.Option(bulk, 2_000)).Position],
            DebtPositionChanges.Published, "import:test", DateTimeOffset.UtcNow));

        await FaultEventuallyAsync(client, single, "PAA_PAGAMENTO_ANNULLATO");
        await FaultEventuallyAsync(client, bulk, "PAA_PAGAMENTO_SCADUTO");
    }

    [Fact]
    public async Task A_receipt_makes_the_next_verify_a_duplicate_here_and_one_stored_by_another_replica_soon_after()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (here, elsewhere) = (Positions.NewIuv(), Positions.NewIuv());
        await ReadModel.PublishAsync(client, bus, Positions.Valid(here, 3_000));
        await ReadModel.PublishAsync(client, bus, Positions.Valid(elsewhere, 3_000));
        await ListeningAsync();
        Assert.Equal("OK", (await VerifyAsync(client, here)).Outcome);
        Assert.Equal("OK", (await VerifyAsync(client, elsewhere)).Outcome);

        Assert.Equal("OK", (await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("R-" + here, here, 3_000))).Outcome);
        // This replica stored it: no waiting for the notification.
        Soap.AssertFault(await VerifyAsync(client, here), "PAA_PAGAMENTO_DUPLICATO");

        // Another replica stored a receipt for the other notice's position: only PostgreSQL can tell us.
        await app.Database.ExecuteAsync($"""
            INSERT INTO node_adapter.receipt_log (organization_fiscal_code, receipt_id, notice_fiscal_code, notice_number, iuv, iupd,
              settles_position, outcome, amount_cents, payment_date_time, stand_in, soap_version, raw_xml, receipt, received_at)
            SELECT organization_fiscal_code, 'R-other-' || iuv, organization_fiscal_code, nav, '00' || iuv, iupd,
              true, 'OK', 3000, now(), false, 'V2', '<x/>', '{"{}"}', now()
            FROM node_adapter.notices WHERE iuv = '{elsewhere}'
            """);
        await FaultEventuallyAsync(client, elsewhere, "PAA_PAGAMENTO_DUPLICATO");
    }

    [Fact]
    public async Task A_second_replica_forgets_a_change_written_by_the_first()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 5_000));
        await ListeningAsync();
        // The second replica: its own cache and its own listening connection on the same database.
        var options = app.Services.GetRequiredService<IOptions<NoticeCacheOptions>>();
        var second = new NoticeCache(app.Services.GetRequiredService<NoticeLookup>(), options, TimeProvider.System,
            app.Services.GetRequiredService<StationMetrics>());
        using var listener = new NoticeChangeListener(app.Services.GetRequiredService<IConfiguration>(), second, options,
            NullLogger<NoticeChangeListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(second.IsListening), Bound, "second replica listening");
            Assert.Equal("VALID", (await second.FindByNavAsync(NodeAdapterApp.Organization, Positions.Nav(iuv), CancellationToken.None)).Notice!.PositionStatus);
            await SilentlyAsync($"UPDATE node_adapter.notices SET position_status = 'UNPAYABLE' WHERE iuv = '{iuv}'");
            Assert.Equal("VALID", (await second.FindByNavAsync(NodeAdapterApp.Organization, Positions.Nav(iuv), CancellationToken.None)).Notice!.PositionStatus);

            // The first replica's consumer writes a newer version: both caches forget it.
            await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 2, "INVALID", Positions.Option(iuv, 5_000)));
            await Eventually.TrueAsync(async () => (await second.FindByNavAsync(NodeAdapterApp.Organization, Positions.Nav(iuv),
                CancellationToken.None)).Notice!.PositionStatus == "INVALID", Bound, "the second replica sees the change");
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task When_the_listening_connection_drops_nothing_read_before_is_trusted_again()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 6_000));
        await ListeningAsync();
        Assert.Equal("OK", (await VerifyAsync(client, iuv)).Outcome);

        // The connection dies, and a change happens that no notification will ever report.
        await app.Database.ExecuteAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{NoticeChangeListener.ApplicationName}' AND datname = current_database()");
        await SilentlyAsync($"UPDATE node_adapter.notices SET position_status = 'INVALID' WHERE iuv = '{iuv}'");

        await FaultEventuallyAsync(client, iuv, "PAA_PAGAMENTO_ANNULLATO");
        // Listening again, the cache is used again: a silent change is not seen until notified.
        await ListeningAsync();
        await FaultEventuallyAsync(client, iuv, "PAA_PAGAMENTO_ANNULLATO");
        await SilentlyAsync($"UPDATE node_adapter.notices SET position_status = 'VALID' WHERE iuv = '{iuv}'");
        Soap.AssertFault(await VerifyAsync(client, iuv), "PAA_PAGAMENTO_ANNULLATO");
    }

    [Fact]
    public async Task Truncating_the_read_model_empties_every_cache()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 7_000));
        await ListeningAsync();
        Assert.Equal("OK", (await VerifyAsync(client, iuv)).Outcome);

        await app.Database.ExecuteAsync("TRUNCATE node_adapter.notices");

        await FaultEventuallyAsync(client, iuv, "PAA_PAGAMENTO_SCONOSCIUTO");
    }

    private async Task ListeningAsync() =>
        await Eventually.TrueAsync(() => Task.FromResult(app.Services.GetRequiredService<NoticeCache>().IsListening), Bound, "cache listening");

    private static Task<SoapAnswer> VerifyAsync(HttpClient client, string iuv) =>
        Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)));

    private static Task FaultEventuallyAsync(HttpClient client, string iuv, string fault) =>
        Eventually.TrueAsync(async () => (await VerifyAsync(client, iuv)).FaultCode == fault, Bound, $"verify of {iuv} answers {fault}");

    // A write the triggers do not see (replica role): what a lost notification would look like.
    private async Task SilentlyAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SET session_replication_role = replica; " + sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
