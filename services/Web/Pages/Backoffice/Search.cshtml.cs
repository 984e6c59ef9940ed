using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice;

// Search by IUPD, notice number (NAV), IUV, the debtor's fiscal code (their statement) or part of their name, or list
// by status, due and payment dates and revenue type. A POST, so that what was searched (a fiscal code or a name above
// all) never lands in a URL, a browser history or an access log; the statement and name APIs, which carry them in
// their URLs, are called from the server only.
public sealed partial class SearchModel(IPlatformApi api, IStringLocalizer<SharedResource> t) : PageModel
{
    public static readonly string[] Kinds = ["iupd", "nav", "iuv", "fiscalCode", "name"];

    // The list API's page size limit: the revenue type is filtered within one page (the API has no such filter).
    private const int PageSize = 50;

    [BindProperty] public string? Organization { get; set; }
    [BindProperty] public string Kind { get; set; } = "nav";
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public DateOnly? DueFrom { get; set; }
    [BindProperty] public DateOnly? DueTo { get; set; }
    [BindProperty] public DateOnly? PaidFrom { get; set; }
    [BindProperty] public DateOnly? PaidTo { get; set; }
    [BindProperty] public string? RevenueType { get; set; }

    public IReadOnlyList<string> Organizations => User.Organizations();
    public List<Position>? Results { get; private set; }
    public DebtorStatement? Statement { get; private set; }
    public string? Failure { get; private set; }

    // Errors by the form field they belong to (the list API's names mapped to ours).
    public Dictionary<string, string> FieldErrors { get; } = [];

    public void OnGet() => Organization = Organizations.FirstOrDefault();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Organization is not { } ec || !User.ActsFor(ec))
        {
            Failure = t["Scegli uno degli enti a cui sei assegnato."];
            return Page();
        }
        foreach (var (field, entry) in ModelState.Where(e => e.Value?.Errors.Count > 0))
            FieldErrors[field] = t["Data non valida."];
        if (FieldErrors.Count > 0) return Page();

        var caller = ApiCaller.Operator(User);
        var value = Value?.Trim();
        if (string.IsNullOrEmpty(value) || !Kinds.Contains(Kind)) await ListAsync(caller, ec, ct);
        else if (Kind == "fiscalCode") await StatementAsync(caller, ec, value.ToUpperInvariant(), ct);
        else if (Kind == "name" && value.Length < 3) FieldErrors["Value"] = t["Scrivi almeno 3 caratteri del nome."];
        else
        {
            var found = Kind == "name" ? await api.SearchByNameAsync(caller, ec, value, ct).OrProblem() : await api.SearchAsync(caller, ec, PositionKey.Of(Kind, value), ct).OrProblem();
            if (found.Problem is { } p) FieldErrors["Value"] = string.Join(" ", p.Errors.SelectMany(e => e.Value).DefaultIfEmpty(p.Detail ?? p.Title ?? ""));
            Results = Filtered(found.Value ?? []);
        }
        return Page();
    }

    private async Task StatementAsync(ApiCaller caller, string ec, string fiscalCode, CancellationToken ct)
    {
        if (!FiscalCode().IsMatch(fiscalCode))
        {
            FieldErrors["Value"] = t["Un codice fiscale ha 16 caratteri (persona fisica) o 11 cifre (persona giuridica)."];
            return;
        }
        var statement = await api.GetStatementAsync(caller, ec, fiscalCode, ct).OrProblem();
        if (statement.Problem is { } p)
        {
            Failure = p.Detail ?? p.Title;
            return;
        }
        var s = statement.Value!;
        Statement = s with
        {
            Positions = s.Positions.Where(l => (Status is not { Length: > 0 } || l.Status == Status) && RevenueMatches(l.RevenueType)).ToList(),
        };
    }

    private async Task ListAsync(ApiCaller caller, string ec, CancellationToken ct)
    {
        var filter = PositionFilter.Latest(PageSize) with
        {
            Status = IndexModel.Statuses.Contains(Status) ? Status : null,
            DueDateFrom = DueFrom, DueDateTo = DueTo, PaymentDateFrom = PaidFrom, PaymentDateTo = PaidTo,
        };
        var listed = await api.ListPositionsAsync(caller, ec, filter, ct).OrProblem();
        if (listed.Problem is { } p)
        {
            foreach (var (name, messages) in p.Errors) FieldErrors[FieldOf(name)] = string.Join(" ", messages);
            if (p.Errors.Count == 0) Failure = p.Detail ?? p.Title;
            return;
        }
        Results = Filtered(listed.Value!.Positions);
    }

    private List<Position> Filtered(List<Position> positions) =>
        positions.Where(p => (Status is not { Length: > 0 } || p.Status == Status) && RevenueMatches(p.RevenueType)).ToList();

    private bool RevenueMatches(string? revenueType) =>
        RevenueType is not { Length: > 0 } wanted || string.Equals(revenueType, wanted.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string FieldOf(string apiName) => apiName switch
    {
        "due_date_from" => nameof(DueFrom), "due_date_to" => nameof(DueTo),
        "payment_date_from" => nameof(PaidFrom), "payment_date_to" => nameof(PaidTo), "status" => nameof(Status), _ => "",
    };

    public string? ErrorFor(string field) => FieldErrors.GetValueOrDefault(field);

    [GeneratedRegex("^([A-Z0-9]{16}|[0-9]{11})$")]
    private static partial Regex FiscalCode();
}
