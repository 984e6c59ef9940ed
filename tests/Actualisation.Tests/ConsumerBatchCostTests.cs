using System.Diagnostics;
using Contracts.DebtPositions;
using Contracts.Receipts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;
using Xunit.Abstractions;
using static Actualisation.Tests.ScheduleEventsTests;

namespace Actualisation.Tests;

// What a batch of positions costs (issue 20): the queue is filled while the service's bus is stopped, so that
// full batches form, then drained. The round trips and statements of each batch must not grow with its size; the CPU
// time is printed for docs/bench/actualisation-batch.md (ACTUALISATION_BENCH_BATCHES batches of 50, default 4).
public sealed class ConsumerBatchCostTests(ActualisationApp app, ITestOutputHelper output) : IClassFixture<ActualisationApp>
{
    private const string Ec = "77777777777";
    private static readonly int Count = 50 * (int.TryParse(Environment.GetEnvironmentVariable("ACTUALISATION_BENCH_BATCHES"), out var b) ? b : 4);

    [Fact]
    public async Task Positions_and_payments_cost_a_fixed_number_of_round_trips_per_batch()
    {
        _ = app.Server;
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuvs = Enumerable.Range(0, Count).Select(i => $"03{i:000000000000000}").ToList();
        var valid = iuvs.Select((iuv, i) => Position($"IUPD-BC-{i}", iuv, 1)).ToList();

        app.Statements.Clear();
        Report("DebtPositionChanged (VALID, new)",
            await DrainAsync(bus, valid, "SELECT count(*) FROM actualisation.dunning_notices WHERE iuv LIKE '03%'"));
        var published = Batches();

        Report("PaymentRecorded", await DrainAsync(bus, iuvs.Select(iuv => new PaymentRecorded(Ec, iuv, "3" + iuv, $"rcpt-{iuv}", 5_200,
            DateTimeOffset.UtcNow, "PSP1", false, [], DateTimeOffset.UtcNow)), "SELECT count(*) FROM actualisation.dunning_notices WHERE iuv LIKE '03%' AND paid_at IS NOT NULL"));

        app.Statements.Clear();
        Report("DebtPositionChanged (PAID)",
            await DrainAsync(bus, valid.Select(Paid), "SELECT count(*) FROM actualisation.positions WHERE iupd LIKE 'IUPD-BC-%' AND status = 'PAID'"));
        var paid = Batches();

        // The inbox lookup, the positions seen, the stored schedules, the dunning notices, one save; for paid positions
        // the same but the schedules (none to keep).
        AssertRoundTrips(published, 5);
        AssertRoundTrips(paid, 4);
    }

    private void Report(string what, (TimeSpan Cpu, long Bytes) cost) => output.WriteLine(
        $"{what}: {Count} in {cost.Cpu.TotalMilliseconds:0} ms CPU, {cost.Cpu.TotalMicroseconds / Count:0} µs and {cost.Bytes / 1024.0 / Count:0.0} KiB allocated per message");

    // The consumer's batches since the log was cleared (each DbContext that saved inbox rows), printed by size.
    private List<(int Messages, int RoundTrips, int Statements)> Batches()
    {
        var contexts = app.Statements.ContextsWith("INSERT INTO actualisation.inbox_messages");
        output.WriteLine(string.Join("\n", contexts.MaxBy(c => c.Count)!.SkipLast(1)));
        var batches = contexts
            .Select(commands => (Messages: commands.Sum(c => Occurrences(c, "INSERT INTO actualisation.inbox_messages")),
                RoundTrips: commands.Count, Statements: commands.Sum(StatementLog.StatementsIn)))
            .Where(b => b.Messages > 0).ToList();
        foreach (var group in batches.GroupBy(b => b.Messages).OrderBy(g => g.Key))
            output.WriteLine($"batches of {group.Key}: {group.Count()}, round trips {string.Join('/', group.Select(b => b.RoundTrips).Distinct())}, " +
                $"statements {string.Join('/', group.Select(b => b.Statements).Distinct())}");
        return batches;
    }

    private void AssertRoundTrips(List<(int Messages, int RoundTrips, int Statements)> batches, int most)
    {
        Assert.Equal(Count, batches.Sum(b => b.Messages));
        Assert.Contains(batches, b => b.Messages > 1);
        Assert.All(batches, b => Assert.True(b.RoundTrips <= most, $"{b.RoundTrips} round trips for a batch of {b.Messages}"));
    }

    // The messages queued while the service's bus is stopped, then consumed: the process's CPU time and allocations
    // until done (allocations are what a machine busy with other work does not blur).
    private async Task<(TimeSpan Cpu, long Bytes)> DrainAsync<T>(TestBus bus, IEnumerable<T> messages, string doneSql) where T : class
    {
        var service = app.Services.GetRequiredService<IBusControl>();
        await service.StopAsync();
        foreach (var message in messages) await bus.PublishAsync(message);
        var process = Process.GetCurrentProcess();
        var (before, allocated) = (process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true));
        await service.StartAsync();
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(doneSql) == Count, TimeSpan.FromSeconds(120), doneSql);
        process.Refresh();
        return (process.TotalProcessorTime - before, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    // The position once its notice is paid: a new version, not payable any more.
    private static DebtPositionChanged Paid(DebtPositionChanged valid) => valid with
    {
        Position = valid.Position with
        {
            Status = "PAID", Version = valid.Position.Version + 1,
            Options = [.. valid.Position.Options.Select(o => o with { Status = "PO_PAID" })],
        },
        Change = DebtPositionChanges.Paid, OccurredAt = DateTimeOffset.UtcNow,
    };

    private static int Occurrences(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;
}
