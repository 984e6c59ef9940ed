using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice;

/// <summary>The operator's home: for each assigned EC, positions by status and the latest ones.</summary>
public sealed class IndexModel(PlatformApi api, IOptions<WebSettings> settings) : PageModel
{
    public static readonly string[] Statuses = ["DRAFT", "VALID", "PARTIALLY_PAID", "PAID", "REPORTED", "EXPIRED", "INVALID"];

    public sealed record Summary(string Ec, string Name, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyList<Position> Latest);

    public List<Summary> Summaries { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = ApiCaller.Operator(User);
        foreach (var ec in User.Organizations())
        {
            var counts = await Task.WhenAll(Statuses.Select(async s =>
                (s, (await api.ListPositionsAsync(caller, ec, $"limit=1&status={s}", ct)).Value?.PageInfo.ItemsFound ?? 0)));
            var latest = (await api.ListPositionsAsync(caller, ec, "limit=10&orderby=INSERTED_DATE&ordering=DESC", ct)).Value?.Positions ?? [];
            Summaries.Add(new Summary(ec, settings.Value.OrganizationName(ec), counts.ToDictionary(c => c.s, c => c.Item2), latest));
        }
    }
}
