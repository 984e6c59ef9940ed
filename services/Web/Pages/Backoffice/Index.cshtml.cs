using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice;

// The operator's home, for each assigned EC: today's collections, positions by status, what became overdue in the
// last week, reconciliation anomalies, failed webhook deliveries (administrators: webhooks are settings), the latest
// imports (running ones with their progress) and the latest positions.
public sealed class IndexModel(IPlatformApi api, HomeFigures homeFigures, IOptions<WebSettings> settings, TimeProvider time) : PageModel
{
    public static readonly string[] Statuses = ["DRAFT", "VALID", "PARTIALLY_PAID", "PAID", "REPORTED", "EXPIRED", "INVALID"];

    // How far back "became overdue" looks.
    public const int OverdueDays = 7;

    // How many of the latest imports the home lists.
    public const int LatestImports = 5;

    // Anomalies and dead deliveries are counted up to this; beyond, the page says "at least".
    public const int CountCap = 100;


    public sealed record Summary(
        string Ec, string Name, IReadOnlyDictionary<string, long> ByStatus, IReadOnlyList<Position> Latest,
        long CollectedTodayCents, long CollectedTodayTransfers, long BecameOverdue, IReadOnlyList<(string Label, int Count)> Anomalies,
        int? FailedDeliveries, IReadOnlyList<ImportStatus> Imports);

    public List<Summary> Summaries { get; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = ApiCaller.Operator(User);
        Today = ServiceDefaults.Time.RomeCalendar.Today(time);
        // Every figure of every EC at once: the page waits for the slowest call, not for their sum.
        Summaries.AddRange(await Task.WhenAll(User.Organizations().Select(ec => SummaryAsync(caller, ec, ct))));
    }

    private async Task<Summary> SummaryAsync(ApiCaller caller, string ec, CancellationToken ct)
    {
        // "Became overdue": unpaid positions with a notice due in the last days (GPD's due window, whole days).
        var counts = homeFigures.CountsAsync(caller, ec, Today.AddDays(-OverdueDays), Today.AddDays(-1));
        var reconciliation = homeFigures.ReconciliationAsync(caller, ec, Today, CountCap);
        var latest = api.ListLatestAsync(caller, ec, 10, ct).OrProblem();
        var failed = User.CanAdminister() ? FailedDeliveriesAsync(caller, ec, ct) : Task.FromResult<int?>(null);
        var imports = api.ListImportsAsync(caller, ec, LatestImports, ct).OrProblem();
        await Task.WhenAll(counts, reconciliation, latest, failed, imports);
        var today = (await reconciliation).Today;
        var byLabel = (await reconciliation).Anomalies.GroupBy(a => a.Label).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ToList();
        var figures = await counts;
        var overdue = figures.DueInWindow.Of("VALID") + figures.DueInWindow.Of("PARTIALLY_PAID");
        return new Summary(ec, settings.Value.OrganizationName(ec), Statuses.ToDictionary(s => s, figures.All.Of),
            (await latest).Value ?? [], today?.CollectedCents ?? 0, today?.CollectedTransfers ?? 0, overdue, byLabel, await failed,
            (await imports).Value ?? []);
    }

    private async Task<int?> FailedDeliveriesAsync(ApiCaller caller, string ec, CancellationToken ct)
    {
        var subscriptions = (await api.ListWebhooksAsync(caller, ec, ct).OrProblem()).Value ?? [];
        var dead = await Task.WhenAll(subscriptions.Select(s => api.ListDeliveriesAsync(caller, ec, s.Id, "dead", CountCap, ct).OrProblem()));
        return dead.Sum(d => d.Value?.Count ?? 0);
    }
}
