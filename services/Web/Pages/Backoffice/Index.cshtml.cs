using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice;

/// <summary>
/// The operator's home, for each assigned EC: today's collections, positions by status, what became overdue in
/// the last week, reconciliation anomalies, failed webhook deliveries (administrators: webhooks are settings),
/// the latest imports (running ones with their progress) and the latest positions.
/// </summary>
public sealed class IndexModel(PlatformApi api, IOptions<WebSettings> settings, TimeProvider time) : PageModel
{
    public static readonly string[] Statuses = ["DRAFT", "VALID", "PARTIALLY_PAID", "PAID", "REPORTED", "EXPIRED", "INVALID"];

    /// <summary>How far back "became overdue" looks.</summary>
    public const int OverdueDays = 7;

    /// <summary>How many of the latest imports the home lists.</summary>
    public const int LatestImports = 5;

    /// <summary>Anomalies and dead deliveries are counted up to this; beyond, the page says "at least".</summary>
    public const int CountCap = 100;

    private static readonly TimeZoneInfo Rome = ServiceDefaults.Time.RomeCalendar.Zone;

    public sealed record Summary(
        string Ec, string Name, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyList<Position> Latest,
        long CollectedTodayCents, long CollectedTodayTransfers, int BecameOverdue, IReadOnlyList<(string Label, int Count)> Anomalies,
        int? FailedDeliveries, IReadOnlyList<ImportStatus> Imports);

    public List<Summary> Summaries { get; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = ApiCaller.Operator(User);
        Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Rome).DateTime);
        // Every figure of every EC at once: the page waits for the slowest call, not for their sum.
        Summaries.AddRange(await Task.WhenAll(User.Organizations().Select(ec => SummaryAsync(caller, ec, ct))));
    }

    private async Task<Summary> SummaryAsync(ApiCaller caller, string ec, CancellationToken ct)
    {
        var counts = Task.WhenAll(Statuses.Select(async s => (s, await CountAsync(caller, ec, $"status={s}", ct))));
        var latest = api.ListPositionsAsync(caller, ec, "limit=10&orderby=INSERTED_DATE&ordering=DESC", ct);
        var days = api.ListDaysAsync(caller, ec, Today, Today, ct);
        var window = $"due_date_from={Today.AddDays(-OverdueDays):yyyy-MM-dd}&due_date_to={Today.AddDays(-1):yyyy-MM-dd}";
        var overdue = Task.WhenAll(CountAsync(caller, ec, $"status=VALID&{window}", ct), CountAsync(caller, ec, $"status=PARTIALLY_PAID&{window}", ct));
        var anomalies = api.ListAnomaliesAsync(caller, ec, CountCap, ct);
        var failed = User.CanAdminister() ? FailedDeliveriesAsync(caller, ec, ct) : Task.FromResult<int?>(null);
        var imports = api.ListImportsAsync(caller, ec, LatestImports, ct);
        await Task.WhenAll(counts, latest, days, overdue, anomalies, failed, imports);
        var today = (await days).Value?.SingleOrDefault(d => d.Day == Today);
        var byLabel = ((await anomalies).Value ?? []).GroupBy(a => a.Label).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ToList();
        return new Summary(ec, settings.Value.OrganizationName(ec), (await counts).ToDictionary(c => c.s, c => c.Item2),
            (await latest).Value?.Positions ?? [], today?.CollectedCents ?? 0, today?.CollectedTransfers ?? 0, (await overdue).Sum(), byLabel, await failed,
            (await imports).Value ?? []);
    }

    /// <summary>
    /// With one position per page, the number of pages is the number of positions (GPD's items_found counts the
    /// page, not the whole).
    /// </summary>
    private async Task<int> CountAsync(ApiCaller caller, string ec, string filter, CancellationToken ct) =>
        (await api.ListPositionsAsync(caller, ec, "limit=1&" + filter, ct)).Value?.PageInfo.TotalPages ?? 0;

    private async Task<int?> FailedDeliveriesAsync(ApiCaller caller, string ec, CancellationToken ct)
    {
        var subscriptions = (await api.ListWebhooksAsync(caller, ec, ct)).Value ?? [];
        var dead = await Task.WhenAll(subscriptions.Select(s => api.ListDeliveriesAsync(caller, ec, s.Id, "dead", CountCap, ct)));
        return dead.Sum(d => d.Value?.Count ?? 0);
    }
}
