using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice;

/// <summary>
/// Search by IUPD, notice number (NAV) or IUV, or list by status. A POST, so that what was searched (possibly a
/// debtor's data) never lands in a URL, a browser history or an access log.
/// </summary>
public sealed class SearchModel(PlatformApi api, IStringLocalizer<SharedResource> t) : PageModel
{
    public static readonly string[] Kinds = ["iupd", "nav", "iuv"];

    [BindProperty] public string? Organization { get; set; }
    [BindProperty] public string Kind { get; set; } = "nav";
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Status { get; set; }

    public IReadOnlyList<string> Organizations => User.Organizations();
    public List<Position>? Results { get; private set; }
    public string? Failure { get; private set; }

    public void OnGet() => Organization = Organizations.FirstOrDefault();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Organization is not { } ec || !User.ActsFor(ec))
        {
            Failure = t["Scegli uno degli enti a cui sei assegnato."];
            return Page();
        }
        var caller = ApiCaller.Operator(User);
        if (!string.IsNullOrWhiteSpace(Value) && Kinds.Contains(Kind))
        {
            var found = await api.SearchAsync(caller, ec, Kind, Value.Trim(), ct);
            Results = found.Value;
            Failure = found.Problem is { } p ? string.Join(" ", p.Errors.SelectMany(e => e.Value).DefaultIfEmpty(p.Detail ?? p.Title ?? "")) : null;
        }
        else
        {
            var status = IndexModel.Statuses.Contains(Status) ? $"&status={Status}" : "";
            Results = (await api.ListPositionsAsync(caller, ec, "limit=50&orderby=INSERTED_DATE&ordering=DESC" + status, ct)).Value?.Positions ?? [];
        }
        return Page();
    }
}
