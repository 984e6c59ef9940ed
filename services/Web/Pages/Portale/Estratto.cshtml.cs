using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;
using Web.Portal;

namespace Web.Pages.Portale;

/// <summary>
/// The signed-in citizen's statement across the ECs of this portal and their revenues: overdue, to pay and
/// paid, with each payable notice's PDF and the way to pay. The fiscal code comes from the sign-in, never from
/// the request; documents and payments are named by their position in the statement, never by a notice number.
/// </summary>
public sealed class EstrattoModel(PlatformApi api, PortalSession session, IOptions<WebSettings> settings) : PageModel
{
    public sealed record EcStatement(Organization Organization, DebtorStatement Statement);

    public List<EcStatement> Statements { get; } = [];

    public string CitizenName => User.Identity?.Name ?? "";

    public static string Section(StatementLine line) =>
        line.AmountOverdue > 0 ? "overdue" : line.AmountDue > 0 ? "open" : "paid";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnGetNoticeAsync([FromQuery(Name = "e")] int ec, [FromQuery(Name = "p")] int position, [FromQuery(Name = "n")] int notice, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Line(ec, position) is not { } line || notice < 0 || notice >= line.PayableNavs.Count) return NotFound();
        var organization = Statements[ec].Organization.FiscalCode;
        var response = await api.GetDocumentAsync(ApiCaller.Portal(organization), PlatformApi.NoticePdf(organization, line.PayableNavs[notice]), ct);
        if (response is null) return NotFound();
        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(ct), "application/pdf", "avviso.pdf");
    }

    /// <summary>To pay: the position becomes what the portal cookie names, and its page offers the checkout.</summary>
    public async Task<IActionResult> OnPostPayAsync([FromForm(Name = "e")] int ec, [FromForm(Name = "p")] int position, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Line(ec, position) is not { } line) return NotFound();
        session.Write(Response, new PortalSession.Found(Statements[ec].Organization.FiscalCode, line.Iupd));
        return LocalRedirect("/portale/avviso");
    }

    /// <summary>
    /// Signing out from here, not /portale/esci: this page's forms carry antiforgery tokens bound to the signed-in
    /// citizen, which only a page authenticated as the citizen can validate.
    /// </summary>
    public async Task<IActionResult> OnPostSignOutAsync()
    {
        PortalSession.Clear(Response);
        await CitizenSignIn.SignOutAsync(HttpContext);
        return LocalRedirect("/");
    }

    private StatementLine? Line(int ec, int position) =>
        ec >= 0 && ec < Statements.Count && position >= 0 && position < Statements[ec].Statement.Positions.Count
            ? Statements[ec].Statement.Positions[position] : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        var code = User.FindFirst(CitizenSignIn.FiscalCodeClaim)!.Value;
        foreach (var organization in settings.Value.Organizations)
        {
            var statement = await api.GetStatementAsync(ApiCaller.Portal(organization.FiscalCode), organization.FiscalCode, code, ct);
            Statements.Add(new EcStatement(organization, statement.Value
                ?? new DebtorStatement(organization.FiscalCode, code, DateOnly.MinValue, 0, 0, 0, [])));
        }
    }
}
