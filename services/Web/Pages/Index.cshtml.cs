using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Api;
using Web.Portal;
using Web.Security;

namespace Web.Pages;

// The citizen's lookup: EC, notice number and the debtor's fiscal code. A notice is shown only when the fiscal code
// is its debtor's; any other case gets the same answer, and lookups are rate limited per client, so the form cannot
// tell whether a notice exists nor be used to enumerate debts.
[EnableRateLimiting(WebSecurity.LookupPolicy)]
public sealed class IndexModel(IPlatformApi api, PortalSession session, IOptions<WebSettings> settings,
    IStringLocalizer<SharedResource> t, ILogger<IndexModel> logger) : PageModel
{
    [BindProperty] public string? Organization { get; set; }
    [BindProperty] public string? NoticeNumber { get; set; }
    [BindProperty] public string? FiscalCode { get; set; }

    public IReadOnlyList<Organization> Organizations => settings.Value.Organizations;
    public string? Failure { get; private set; }

    public void OnGet() => Organization = Organizations.FirstOrDefault()?.FiscalCode;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var nav = new string((NoticeNumber ?? "").Where(char.IsAsciiDigit).ToArray());
        var code = (FiscalCode ?? "").Trim().ToUpperInvariant();
        var ec = Organizations.FirstOrDefault(o => o.FiscalCode == Organization)?.FiscalCode;
        if (ec is null || nav.Length != 18 || code.Length is not (11 or 16) || !code.All(char.IsAsciiLetterOrDigit))
        {
            Failure = t["Controlla i dati: il numero avviso ha 18 cifre, il codice fiscale 16 caratteri (11 cifre per le imprese)."];
            return Page();
        }
        var found = await api.SearchAsync(ApiCaller.Portal(ec), ec, new PositionKey(Nav: nav), ct).OrProblem();
        var position = found.Value?.FirstOrDefault(p => p.Status is not ("DRAFT" or "INVALID")
            && (p.FiscalCode == code || p.PaymentOption.Any(o => o.Debtor?.FiscalCode?.ToUpperInvariant() == code)));
        // The outcome only: neither the notice number nor the fiscal code goes to the log.
        logger.LogInformation("Citizen lookup: {Outcome}", position is null ? "no match" : "found");
        if (position is null)
        {
            Failure = t["Nessun avviso corrisponde ai dati inseriti."];
            return Page();
        }
        session.Write(Response, new PortalSession.Found(ec, position.Iupd));
        return LocalRedirect("/portale/avviso");
    }
}
