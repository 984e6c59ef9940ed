using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice.Positions;

[Authorize(Roles = OperatorRole.Operator + "," + OperatorRole.Administrator)]
public sealed class NewModel(PlatformApi api, IOptions<WebSettings> settings, IStringLocalizer<SharedResource> t, TimeProvider time) : PageModel
{
    [BindProperty] public PositionForm Form { get; set; } = new();

    public IReadOnlyList<string> Organizations => User.Organizations();

    public string NameOf(string organization) => settings.Value.OrganizationName(organization);

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0
        ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    public void OnGet() => Form.Organization = Organizations.FirstOrDefault();

    /// <summary>Adds an instalment row without script: the form comes back with one more.</summary>
    public IActionResult OnPostAddInstalment()
    {
        ModelState.Clear();
        if (Form.Instalments.Count < 12) Form.Instalments.Add(new InstalmentForm());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Form.Organization is not { } ec || !User.ActsFor(ec))
        {
            ModelState.AddModelError("Form.Organization", t["Scegli uno degli enti a cui sei assegnato."]);
            return Page();
        }
        for (var i = 0; i < Form.Instalments.Count; i++)
            if (!string.IsNullOrWhiteSpace(Form.Instalments[i].Amount) && Form.Instalments[i].Cents() is null)
                ModelState.AddModelError($"Form.Instalments[{i}].Amount", t["Scrivi un importo in euro, per esempio 120,50."]);
        var iupd = string.IsNullOrWhiteSpace(Form.Iupd)
            ? $"WEB-{time.GetUtcNow():yyyyMMdd}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}" : Form.Iupd.Trim();
        var created = await api.CreatePositionAsync(ApiCaller.Operator(User), ec, Form.ToRequest(NameOf(ec), iupd), ct);
        if (created.IsOk && ModelState.IsValid) return Redirect($"/backoffice/posizioni/{ec}/{Uri.EscapeDataString(created.Value!.Iupd)}?creata=1");
        if (created.Problem is { } problem)
        {
            var local = ModelState.Keys.ToHashSet();
            foreach (var (path, messages) in problem.Errors)
                foreach (var message in messages)
                    if (!local.Contains(PositionForm.FieldOf(path))) ModelState.AddModelError(PositionForm.FieldOf(path), message);
            if (problem.Errors.Count == 0) ModelState.AddModelError("", problem.Detail ?? problem.Title ?? t["Richiesta rifiutata."]);
        }
        return Page();
    }
}
