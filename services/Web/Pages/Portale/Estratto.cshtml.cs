using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;
using Web.Portal;

namespace Web.Pages.Portale;

// The signed-in citizen's statement across the ECs of this portal and their revenues: overdue, to pay and paid, with
// each payable notice's PDF and the way to pay. The fiscal code comes from the sign-in, never from the request;
// documents and payments are named by their position in the statement, never by a notice number.
public sealed class EstrattoModel(IPlatformApi api, PortalSession session, IOptions<WebSettings> settings) : PageModel
{
    public sealed record EcStatement(Organization Organization, DebtorStatement Statement);

    public List<EcStatement> Statements { get; } = [];

    // The overdue and paid lines' positions, by (EC index, line index): the statement gives neither an overdue
    // notice's due date nor a paid notice's receipt, the position does.
    public Dictionary<(int Ec, int Line), Position> Details { get; } = [];

    public string CitizenName => User.Identity?.Name ?? "";

    public static string Section(StatementLine line) =>
        line.AmountOverdue > 0 ? "overdue" : line.AmountDue > 0 ? "open" : "paid";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnGetNoticeAsync([FromQuery(Name = "e")] int ec, [FromQuery(Name = "p")] int position, [FromQuery(Name = "n")] int notice, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Line(ec, position) is not { } line || notice < 0 || notice >= line.PayableNavs.Count) return NotFound();
        var organization = Statements[ec].Organization.FiscalCode;
        var response = await api.GetNoticePdfAsync(ApiCaller.Portal(organization), organization, line.PayableNavs[notice], ct).OrNull();
        if (response is null) return NotFound();
        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(ct), "application/pdf", "avviso.pdf");
    }

    // The receipt of a paid line's n-th paid notice (Receipts).
    public async Task<IActionResult> OnGetReceiptAsync([FromQuery(Name = "e")] int ec, [FromQuery(Name = "p")] int position, [FromQuery(Name = "n")] int receipt, CancellationToken ct)
    {
        await LoadAsync(ct);
        var receipts = Receipts(ec, position);
        if (receipt < 0 || receipt >= receipts.Count) return NotFound();
        var organization = Statements[ec].Organization.FiscalCode;
        var response = await api.GetReceiptPdfAsync(ApiCaller.Portal(organization), organization, receipts[receipt].IdReceipt!, ct).OrNull();
        if (response is null) return NotFound();
        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(ct), "application/pdf", "ricevuta.pdf");
    }

    // The paid notices of a line that have a receipt, in due-date order: what the receipt links name by index.
    public IReadOnlyList<Option> Receipts(int ec, int line) =>
        Details.GetValueOrDefault((ec, line))?.PaymentOption.Where(o => o.IsPaid && o.IdReceipt is not null).OrderBy(o => o.DueDate).ThenBy(o => o.Nav).ToList() ?? [];

    // The date a line shows: the next due date while one is ahead; for an overdue line the earliest date its unpaid
    // notices were due; for a paid line the due date of its last paid notice.
    public DateTimeOffset? DueDate(int ec, int line, StatementLine l)
    {
        if (l.NextDueDate is { } next) return new DateTimeOffset(next.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        if (Details.GetValueOrDefault((ec, line)) is not { } position) return null;
        return Section(l) == "overdue"
            ? position.PaymentOption.Where(o => l.PayableNavs.Contains(o.Nav)).Select(o => (DateTimeOffset?)o.DueDate).Min()
            : position.PaymentOption.Where(o => o.IsPaid).Select(o => (DateTimeOffset?)o.DueDate).Max();
    }

    // To pay: the position becomes what the portal cookie names, and its page offers the checkout.
    public async Task<IActionResult> OnPostPayAsync([FromForm(Name = "e")] int ec, [FromForm(Name = "p")] int position, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Line(ec, position) is not { } line) return NotFound();
        session.Write(Response, new PortalSession.Found(Statements[ec].Organization.FiscalCode, line.Iupd));
        return LocalRedirect("/portale/avviso");
    }

    // Signing out from here, not /portale/esci: this page's forms carry antiforgery tokens bound to the signed-in
    // citizen, which only a page authenticated as the citizen can validate.
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
        // Every EC at once, then every overdue or paid line's position at once: the page waits for the slowest call.
        Statements.AddRange(await Task.WhenAll(settings.Value.Organizations.Select(async organization =>
        {
            var statement = await api.GetStatementAsync(ApiCaller.Portal(organization.FiscalCode), organization.FiscalCode, code, ct).OrProblem();
            return new EcStatement(organization, statement.Value ?? new DebtorStatement(organization.FiscalCode, code, DateOnly.MinValue, 0, 0, 0, []));
        })));
        var wanted = Statements.SelectMany((s, e) => s.Statement.Positions.Select((line, p) => (e, p, line)))
            .Where(x => x.line.NextDueDate is null || Section(x.line) == "paid").ToList();
        var positions = await Task.WhenAll(wanted.Select(x =>
        {
            var organization = Statements[x.e].Organization.FiscalCode;
            return api.GetPositionAsync(ApiCaller.Portal(organization), organization, x.line.Iupd, ct).OrProblem();
        }));
        for (var i = 0; i < wanted.Count; i++)
            if (positions[i].Value is { } position) Details[(wanted[i].e, wanted[i].p)] = position;
    }
}
