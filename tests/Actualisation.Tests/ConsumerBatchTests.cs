using Contracts.Actualisation;
using Contracts.Receipts;
using Testing;
using Xunit;
using static Actualisation.Tests.ScheduleEventsTests;

namespace Actualisation.Tests;

// Position changes and payments consumed in batches (ADR 0099) end as they would one at a time.
public sealed class ConsumerBatchTests(ActualisationApp app) : IClassFixture<ActualisationApp>
{
    private const string Ec = "77777777777";

    private Task<long> Scalar(string sql) => app.Database.ScalarAsync<long>(sql);

    [Fact]
    public async Task Payments_their_copies_and_redeliveries_in_one_burst_mark_each_notice_paid_once_whether_it_was_known_or_not()
    {
        _ = app.Server;
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var deliveries = Deliveries.Attach(app.Services);
        const int count = 16;
        var iuvs = Enumerable.Range(0, count).Select(i => $"0200000000009{i:0000}").ToList();
        // The even notices are known (their position was published), the odd ones not yet.
        foreach (var i in Enumerable.Range(0, count).Where(i => i % 2 == 0))
            await bus.PublishAsync(Position($"IUPD-PB-{i}", iuvs[i], 1));
        await Eventually.TrueAsync(async () => await Scalar(
            "SELECT count(*) FROM actualisation.dunning_notices WHERE iuv LIKE '0200000000009%'") == count / 2, TimeSpan.FromSeconds(30), "the known notices");

        var ids = iuvs.Select(_ => Guid.NewGuid()).ToList();
        var renamed = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        // Published all at once, so that they arrive together, as under load, and batches form on any machine.
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var payment = new PaymentRecorded(Ec, iuvs[i], "3" + iuvs[i], $"rcpt-pb-{i}", 12_345, DateTimeOffset.UtcNow, "PSP1", false, [], DateTimeOffset.UtcNow);
            await bus.PublishAsync(payment, ids[i]);
            if (i % 4 == 0) await bus.PublishAsync(payment, ids[i]); // a redelivered copy
            if (i % 4 == 1) await bus.PublishAsync(payment, renamed[i]); // the same payment again
        }));
        renamed = [.. Enumerable.Range(0, count).Where(i => i % 4 == 1).Select(i => renamed[i])];
        for (var i = 0; i < count; i++) await deliveries.OfAsync(ids[i], i % 4 == 0 ? 2 : 1);
        foreach (var id in renamed) await deliveries.OfAsync(id);

        Assert.All(deliveries.Done.Where(d => ids.Contains(d.MessageId ?? Guid.Empty) || renamed.Contains(d.MessageId ?? Guid.Empty)),
            d => Assert.Null(d.Fault));
        Assert.Equal(count, await Scalar("SELECT count(*) FROM actualisation.dunning_notices WHERE iuv LIKE '0200000000009%' AND paid_at IS NOT NULL"));
        Assert.Equal(count, await Scalar("SELECT count(*) FROM actualisation.dunning_notices WHERE iuv LIKE '0200000000009%'"));
        // The known notices kept what their position said; the others wait for theirs.
        Assert.Equal(count / 2, await Scalar("SELECT count(*) FROM actualisation.dunning_notices WHERE iuv LIKE '0200000000009%' AND notice_number <> ''"));
        Assert.True(await BatchedAsync(ids), "no batch held more than one payment");
    }

    [Fact]
    public async Task Versions_copies_and_redeliveries_of_positions_in_one_burst_leave_each_position_and_schedule_at_its_newest_version()
    {
        _ = app.Server;
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var computed = await EverySchedulePublishedAsync(bus);
        var deliveries = Deliveries.Attach(app.Services);
        const int count = 8;
        var iuvs = Enumerable.Range(0, count).Select(i => $"0200000000008{i:0000}").ToList();

        var published = Enumerable.Range(0, count).Select(i => (First: Guid.NewGuid(), Second: Guid.NewGuid(), Copy: Guid.NewGuid())).ToList();
        // Each position's versions in order, the positions all at once, so that batches form on any machine.
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await bus.PublishAsync(Position($"IUPD-VB-{i}", iuvs[i], 1), published[i].First);
            var newer = Position($"IUPD-VB-{i}", iuvs[i], 2, fineCents: 5_000);
            await bus.PublishAsync(newer, published[i].Second);
            if (i % 2 == 0) await bus.PublishAsync(newer, published[i].Copy); // the same version again
        }));
        var ids = published.SelectMany((p, i) => i % 2 == 0 ? new[] { p.First, p.Second, p.Copy } : [p.First, p.Second]).ToList();
        await bus.PublishAsync(Position("IUPD-VB-0", iuvs[0], 2, fineCents: 5_000), ids[1]); // a redelivery
        foreach (var id in ids) await deliveries.OfAsync(id, id == ids[1] ? 2 : 1);
        await computed.SettleAsync(app.Database, "actualisation");

        Assert.All(deliveries.Done.Where(d => ids.Contains(d.MessageId ?? Guid.Empty)), d => Assert.Null(d.Fault));
        Assert.Equal(count, await Scalar("SELECT count(*) FROM actualisation.positions WHERE iupd LIKE 'IUPD-VB-%' AND version = 2"));
        Assert.Equal(count, await Scalar("SELECT count(*) FROM actualisation.amount_schedules WHERE iuv LIKE '0200000000008%' AND position_version = 2"));
        Assert.Equal(count, await Scalar("SELECT count(*) FROM actualisation.dunning_notices WHERE iuv LIKE '0200000000008%' AND position_version = 2"));
        // Each schedule announced at most once per version, and its last announcement is the newest version's amounts.
        var announced = computed.Seen.Where(s => iuvs.Contains(s.Iuv)).ToList();
        Assert.Equal(announced.Count, announced.DistinctBy(s => (s.Iuv, s.PositionVersion)).Count());
        Assert.All(iuvs, iuv => Assert.Equal((2L, 6_000L),
            announced.Where(s => s.Iuv == iuv).MaxBy(s => s.PositionVersion) is { } last ? (last.PositionVersion, last.Steps[1].AmountCents) : (0L, 0L)));
        Assert.True(await BatchedAsync(ids), "no batch held more than one position change");
    }

    [Fact]
    public async Task A_burst_of_versions_copies_late_events_and_payments_ends_as_the_same_messages_consumed_one_at_a_time()
    {
        _ = app.Server;
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var computed = await EverySchedulePublishedAsync(bus);
        var deliveries = Deliveries.Attach(app.Services);
        var bursts = new List<Guid>();
        // World 1 in bursts (each stage's messages all at once, each position's in order), world 2 one message at a time.
        foreach (var stage in Enumerable.Range(1, 3))
        {
            var burst = Stage(1, stage);
            bursts.AddRange(burst.SelectMany(p => p.Select(m => m.Id)));
            await Task.WhenAll(burst.Select(async messages => { foreach (var (id, message) in messages) await PublishAsync(bus, id, message); }));
            foreach (var group in burst.SelectMany(p => p).GroupBy(m => m.Id)) await deliveries.OfAsync(group.Key, group.Count());
            foreach (var (id, message) in Stage(2, stage).SelectMany(p => p))
            {
                var before = deliveries.Done.Count(d => d.MessageId == id);
                await PublishAsync(bus, id, message);
                await deliveries.OfAsync(id, before + 1);
            }
        }
        await computed.SettleAsync(app.Database, "actualisation");

        Assert.All(deliveries.Done, d => Assert.Null(d.Fault));
        foreach (var sql in new[]
        {
            "SELECT iupd, version, status FROM actualisation.positions WHERE iupd LIKE 'IUPD-EQ{0}-%'",
            "SELECT iuv, iupd, position_version, rule, steps::text, input::text, revenue_type, table_version FROM actualisation.amount_schedules WHERE iuv LIKE '04{0}%'",
            """
            SELECT iuv, iupd, position_version, position_changed_at, notice_number, amount_cents, due_date, description, company_name, revenue_type,
                   debtor_fiscal_code, debtor_name, debtor_email, payable, paid_at IS NOT NULL, overdue_reported_on
            FROM actualisation.dunning_notices WHERE iuv LIKE '04{0}%'
            """,
        })
        {
            var rows = await RowsAsync(string.Format(sql, 1));
            Assert.NotEmpty(rows);
            Assert.Equal(await RowsAsync(string.Format(sql, 2)), rows);
        }
        Assert.Equal(Announced(computed, 2), Announced(computed, 1));
        Assert.NotEmpty(Announced(computed, 1));
        Assert.True(await BatchedAsync(bursts), "no batch held more than one message");
    }

    // One stage of world's messages, by position (MessageId, message): 1 publishes every position, its first
    // redelivered; 2 changes their amounts, with copies and late first versions; 3 pays every other one (payment
    // first, then the position PAID, some twice) and pays a notice no position announced yet.
    private static List<List<(Guid Id, object Message)>> Stage(int world, int stage)
    {
        const int positions = 12;
        var at = new DateTimeOffset(2026, 12, 7, 5, stage, 0, TimeSpan.Zero);
        var iuv = (int i) => $"04{world}{i:00000000000000}";
        var version = (int i, long v, long fine) => Position($"IUPD-EQ{world}-{i}", iuv(i), v, fineCents: fine) with { OccurredAt = at };
        return [.. Enumerable.Range(0, positions + 1).Select(i =>
        {
            var messages = new List<(Guid, object)>();
            var id = Guid.NewGuid();
            if (i == positions)
            {
                if (stage == 3) messages.Add((id, new PaymentRecorded(Ec, iuv(i), "3" + iuv(i), $"rcpt-eq{world}-{i}", 5_200, at, "PSP1", false, [], at)));
                return messages;
            }
            switch (stage)
            {
                case 1:
                    messages.Add((id, version(i, 1, 4_200)));
                    if (i % 4 == 0) messages.Add((id, version(i, 1, 4_200)));
                    break;
                case 2:
                    messages.Add((id, version(i, 2, 5_000)));
                    if (i % 3 == 0) messages.Add((Guid.NewGuid(), version(i, 2, 5_000)));
                    if (i % 3 == 1) messages.Add((Guid.NewGuid(), version(i, 1, 4_200)));
                    break;
                case 3 when i % 2 == 0:
                    messages.Add((id, new PaymentRecorded(Ec, iuv(i), "3" + iuv(i), $"rcpt-eq{world}-{i}", 6_000, at, "PSP1", false, [], at)));
                    var paid = version(i, 3, 5_000);
                    paid = paid with { Position = paid.Position with { Status = "PAID", Options = [paid.Position.Options[0] with { Status = "PO_PAID" }] } };
                    messages.Add((Guid.NewGuid(), paid));
                    if (i % 4 == 0) messages.Add((Guid.NewGuid(), paid));
                    break;
            }
            return messages;
        })];
    }

    private static Task PublishAsync(TestBus bus, Guid id, object message) => message switch
    {
        Contracts.DebtPositions.DebtPositionChanged changed => bus.PublishAsync(changed, id),
        PaymentRecorded payment => bus.PublishAsync(payment, id),
        _ => throw new ArgumentException(message.GetType().Name),
    };

    // The rows of a query, each as one line with the world's digit taken out of its keys.
    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(Unworld(string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))));
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    private static List<string> Announced(EveryEvent<AmountScheduleComputed> computed, int world) =>
        [.. computed.Distinct.Where(s => s.Iuv.StartsWith($"04{world}", StringComparison.Ordinal))
            .Select(s => Unworld($"{s.Iuv} {s.Iupd} {s.PositionVersion} {string.Join(",", s.Steps.Select(x => $"{x.AmountCents}@{x.ValidFrom}-{x.ValidUntil}"))}"))
            .Order(StringComparer.Ordinal)];

    private static string Unworld(string row) => System.Text.RegularExpressions.Regex.Replace(row, "(04|IUPD-EQ)[12]", "$1w");

    // Batches did happen: some inbox rows were written by one save.
    private async Task<bool> BatchedAsync(IEnumerable<Guid> ids) => await Scalar($"""
        SELECT count(*) FROM (SELECT processed_at FROM actualisation.inbox_messages WHERE message_id IN ({string.Join(',', ids.Select(id => $"'{id}'"))})
                              GROUP BY processed_at HAVING count(*) > 1) b
        """) > 0;
}
