using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice.Positions;

// Manual entry of a new position, and editing of a draft one (the same form, reached at
// /backoffice/posizioni/{ec}/{iupd}/modifica: see Program.cs). Rows (instalments, quotas, jointly liable debtors) are
// added by posting the form back, without script.
[Authorize(Roles = OperatorRole.Operator + "," + OperatorRole.Administrator)]
public sealed class NewModel(IPlatformApi api, IOptions<WebSettings> settings, IStringLocalizer<SharedResource> t, TimeProvider time) : PageModel
{
    [BindProperty] public PositionForm Form { get; set; } = new();

    [FromRoute(Name = "ec")] public string? EditedEc { get; set; }
    [FromRoute(Name = "iupd")] public string? EditedIupd { get; set; }

    public bool IsEdit => EditedEc is not null && EditedIupd is not null;

    // Where the form posts: this page's own address (new or edit), never a generated one.
    public string FormAction => IsEdit ? $"/backoffice/posizioni/{EditedEc}/{Uri.EscapeDataString(EditedIupd!)}/modifica" : "/backoffice/posizioni/nuova";

    public IReadOnlyList<string> Organizations => IsEdit ? [EditedEc!] : User.Organizations();

    public string NameOf(string organization) => settings.Value.OrganizationName(organization);

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0
        ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage).Distinct()) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsEdit)
        {
            Form.Organization = Organizations.FirstOrDefault();
            return Page();
        }
        if (!User.ActsFor(EditedEc!)) return NotFound();
        var position = await api.GetPositionAsync(ApiCaller.Operator(User), EditedEc!, EditedIupd!, ct).OrProblem();
        if (!position.IsOk) return NotFound();
        // Only drafts: a published notice may already be in a citizen's hands.
        if (position.Value!.Status != "DRAFT") return Redirect(DetailUrl(EditedEc!, EditedIupd!));
        Form = PositionForm.Of(position.Value);
        return Page();
    }

    // Adds an instalment row: the form comes back with one more.
    public IActionResult OnPostAddInstalment()
    {
        ModelState.Clear();
        if (Form.Instalments.Count < PositionForm.MaxInstalments) Form.Instalments.Add(new InstalmentForm());
        return Page();
    }

    // Adds another beneficiary's quota to one instalment.
    public IActionResult OnPostAddQuota([FromForm(Name = "instalment")] int instalment)
    {
        ModelState.Clear();
        if (instalment >= 0 && instalment < Form.Instalments.Count && Form.Instalments[instalment].Quotas.Count < PositionForm.MaxQuotas)
            Form.Instalments[instalment].Quotas.Add(new QuotaForm());
        return Page();
    }

    public IActionResult OnPostAddCoDebtor()
    {
        ModelState.Clear();
        if (Form.CoDebtors.Count < PositionForm.MaxCoDebtors) Form.CoDebtors.Add(new CoDebtorForm());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var ec = IsEdit ? EditedEc! : Form.Organization;
        if (ec is null || !User.ActsFor(ec))
        {
            ModelState.AddModelError("Form.Organization", t["Scegli uno degli enti a cui sei assegnato."]);
            return Page();
        }
        DropBlankRows();
        CheckAmounts();
        var caller = ApiCaller.Operator(User);
        ApiResult<Position> result;
        if (IsEdit)
            result = await api.UpdatePositionAsync(caller, ec, EditedIupd!, Form.ToRequest(NameOf(ec), EditedIupd!),
                PositionVersion.IfMatch(Form.Version), Form.Published ? true : null, ct).OrProblem();
        else
        {
            var iupd = string.IsNullOrWhiteSpace(Form.Iupd)
                ? $"WEB-{time.GetUtcNow():yyyyMMdd}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}" : Form.Iupd.Trim();
            result = await api.CreatePositionAsync(caller, ec, Form.ToRequest(NameOf(ec), iupd), ct).OrProblem();
        }
        if (result.IsOk && ModelState.IsValid)
            return Redirect(DetailUrl(ec, result.Value!.Iupd) + (IsEdit ? "?esito=modificata" : "?creata=1"));
        if (result.Problem is { } problem)
        {
            var local = ModelState.Keys.ToHashSet();
            foreach (var (path, messages) in problem.Errors)
                foreach (var message in messages)
                    if (!local.Contains(Form.FieldOf(path))) ModelState.AddModelError(Form.FieldOf(path), message);
            if (problem.Errors.Count == 0)
                ModelState.AddModelError("", problem.Status == StatusCodes.Status409Conflict
                    ? t["La posizione è cambiata nel frattempo: riaprila e ripeti la modifica."]
                    : problem.Detail ?? problem.Title ?? t["Richiesta rifiutata."]);
        }
        return Page();
    }

    // A row left entirely empty is a row not wanted, not a row with errors.
    private void DropBlankRows()
    {
        Form.CoDebtors.RemoveAll(d => string.IsNullOrWhiteSpace(d.FiscalCode) && string.IsNullOrWhiteSpace(d.FullName));
        foreach (var instalment in Form.Instalments)
            instalment.Quotas.RemoveAll(q => new[] { q.Amount, q.Iban, q.OrganizationFiscalCode, q.Remittance }.All(string.IsNullOrWhiteSpace));
    }

    private void CheckAmounts()
    {
        for (var i = 0; i < Form.Instalments.Count; i++)
        {
            var instalment = Form.Instalments[i];
            if (!string.IsNullOrWhiteSpace(instalment.Amount) && instalment.Cents() is null)
                ModelState.AddModelError($"Form.Instalments[{i}].Amount", t["Scrivi un importo in euro, per esempio 120,50."]);
            for (var j = 0; j < instalment.Quotas.Count; j++)
                if (!string.IsNullOrWhiteSpace(instalment.Quotas[j].Amount) && instalment.Quotas[j].Cents() is null)
                    ModelState.AddModelError($"Form.Instalments[{i}].Quotas[{j}].Amount", t["Scrivi un importo in euro, per esempio 120,50."]);
        }
    }

    private static string DetailUrl(string ec, string iupd) => $"/backoffice/posizioni/{ec}/{Uri.EscapeDataString(iupd)}";
}
