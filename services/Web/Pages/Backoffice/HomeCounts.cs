using Microsoft.Extensions.Caching.Memory;
using Web.Api;

namespace Web.Pages.Backoffice;

/// <summary>
/// The home's position counts of one EC (all positions by status, and those of the last days' due window), shared
/// for a few seconds by every operator of that EC (docs/decisions/0068-the-back-office-home-counts-in-one-call.md).
/// A count a few seconds old misleads nobody, while each count reads every position of the EC; one fetch per EC
/// is in flight at a time, and a failed or refused one is forgotten at once.
/// </summary>
public sealed class HomeCounts(PlatformApi api, IMemoryCache cache)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    public sealed record Figures(PositionCounts All, PositionCounts DueInWindow);

    /// <summary>
    /// The caller must act for <paramref name="ec"/>: the figures are the EC's, the same for every role that reads it.
    /// The shared fetch does not follow one page's cancellation, so that an aborted page does not fail the others.
    /// </summary>
    public async Task<Figures> ForAsync(ApiCaller caller, string ec, DateOnly dueFrom, DateOnly dueTo)
    {
        var key = $"home-counts\n{ec}\n{dueFrom:yyyy-MM-dd}\n{dueTo:yyyy-MM-dd}";
        var shared = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Freshness;
            return new Lazy<Task<Figures?>>(() => FetchAsync(caller, ec, dueFrom, dueTo));
        })!;
        try
        {
            if (await shared.Value is { } figures) return figures;
            cache.Remove(key);
            return new Figures(Nothing, Nothing);
        }
        catch
        {
            cache.Remove(key);
            throw;
        }
    }

    private static readonly PositionCounts Nothing = new([], 0);

    /// <summary>Null when the API refused (e.g. a rate limit): the page shows zeros once, nothing is kept.</summary>
    private async Task<Figures?> FetchAsync(ApiCaller caller, string ec, DateOnly dueFrom, DateOnly dueTo)
    {
        var all = api.CountPositionsAsync(caller, ec, "", CancellationToken.None);
        var window = api.CountPositionsAsync(caller, ec, $"due_date_from={dueFrom:yyyy-MM-dd}&due_date_to={dueTo:yyyy-MM-dd}", CancellationToken.None);
        var (counts, due) = (await all, await window);
        return counts.Value is { } c && due.Value is { } d ? new Figures(c, d) : null;
    }
}
