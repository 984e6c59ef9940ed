using Microsoft.Extensions.Caching.Memory;
using Web.Api;

namespace Web.Pages.Backoffice;

// The home's figures of one EC that read all of the EC's data, shared for a few seconds by every operator of that EC
// (docs/decisions/0068-the-back-office-home-counts-in-one-call.md,
// 0075-the-homes-reconciliation-figures-are-shared-too.md): the position counts (all positions by status, and those
// of the last days' due window), and the day's collections (Reporting's read model, ADR 0093) with the reconciliation
// anomalies. A figure a few seconds old misleads nobody, while each reads every position or transfer of the EC; one
// fetch per EC and kind is in flight at a time, and a failed or refused one is forgotten at once.
public sealed class HomeFigures(IPlatformApi api, IMemoryCache cache)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    public sealed record Counts(PositionCounts All, PositionCounts DueInWindow);

    public sealed record Reconciliation(DayCollection? Today, IReadOnlyList<ReconciliationAnomaly> Anomalies);

    private static readonly PositionCounts NoPositions = new([], 0);

    // The caller must act for the EC: the figures are the EC's, the same for every role that reads it. The shared
    // fetch does not follow one page's cancellation, so that an aborted page does not fail the others.
    public async Task<Counts> CountsAsync(ApiCaller caller, string ec, DateOnly dueFrom, DateOnly dueTo) =>
        await SharedAsync($"home-counts\n{ec}\n{dueFrom:yyyy-MM-dd}\n{dueTo:yyyy-MM-dd}", async () =>
        {
            var all = api.CountPositionsAsync(caller, ec, new PositionFilter(), CancellationToken.None).OrProblem();
            var window = api.CountPositionsAsync(caller, ec, new PositionFilter(DueDateFrom: dueFrom, DueDateTo: dueTo), CancellationToken.None).OrProblem();
            var (counts, due) = (await all, await window);
            return counts.Value is { } c && due.Value is { } d ? new Counts(c, d) : null;
        }) ?? new Counts(NoPositions, NoPositions);

    public async Task<Reconciliation> ReconciliationAsync(ApiCaller caller, string ec, DateOnly today, int anomalyCap) =>
        await SharedAsync($"home-reconciliation\n{ec}\n{today:yyyy-MM-dd}\n{anomalyCap}", async () =>
        {
            var days = api.ListCollectionsAsync(caller, ec, today, today, CancellationToken.None).OrProblem();
            var anomalies = api.ListAnomaliesAsync(caller, ec, anomalyCap, CancellationToken.None).OrProblem();
            var (d, a) = (await days, await anomalies);
            return d.Value is { } dayList && a.Value is { } list ? new Reconciliation(dayList.SingleOrDefault(x => x.Day == today), list) : null;
        }) ?? new Reconciliation(null, []);

    // Null when the API refused (e.g. a rate limit): the page shows zeros once, nothing is kept.
    private async Task<T?> SharedAsync<T>(string key, Func<Task<T?>> fetch) where T : class
    {
        var shared = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Freshness;
            return new Lazy<Task<T?>>(fetch);
        })!;
        try
        {
            if (await shared.Value is { } figures) return figures;
            cache.Remove(key);
            return null;
        }
        catch
        {
            cache.Remove(key);
            throw;
        }
    }
}
