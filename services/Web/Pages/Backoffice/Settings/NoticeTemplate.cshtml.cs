using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice.Settings;

// The EC's notice template (IuvIssuance): logo and texts printed on every notice. The API replaces the whole
// template, so the current logo is sent again unless a new one is uploaded or it is removed.
[Authorize(Roles = OperatorRole.Administrator)]
[RequestSizeLimit(1024 * 1024)]
public sealed class NoticeTemplateModel(IPlatformApi api, IOptions<WebSettings> settings, IStringLocalizer<SharedResource> t) : PageModel
{
    private const int MaxLogoBytes = 256 * 1024;

    [FromRoute] public string Ec { get; set; } = "";
    [BindProperty] public string? CompanyName { get; set; }
    [BindProperty] public string? Sector { get; set; }
    [BindProperty] public string? Office { get; set; }
    [BindProperty] public string? WhereToPay { get; set; }
    [BindProperty] public string? Contacts { get; set; }
    [BindProperty] public string? CbillCode { get; set; }
    [BindProperty] public string? PostalAccountHolder { get; set; }
    [BindProperty] public string? PosteAuthorisation { get; set; }
    [BindProperty] public IFormFile? Logo { get; set; }
    [BindProperty] public bool RemoveLogo { get; set; }

    public NoticeTemplate? Current { get; private set; }
    public bool Saved { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    public string OrganizationName => settings.Value.OrganizationName(Ec);

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "salvato")] int? saved, CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        Current = (await api.GetNoticeTemplateAsync(ApiCaller.Operator(User), Ec, ct).OrProblem()).Value;
        (CompanyName, Sector, Office, WhereToPay, Contacts, CbillCode) =
            (Current?.CompanyName, Current?.Sector, Current?.Office, Current?.WhereToPay, Current?.Contacts, Current?.CbillCode);
        (PostalAccountHolder, PosteAuthorisation) = (Current?.PostalAccountHolder, Current?.PosteAuthorisation);
        Saved = saved == 1;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        var caller = ApiCaller.Operator(User);
        Current = (await api.GetNoticeTemplateAsync(caller, Ec, ct).OrProblem()).Value;
        string? logo = RemoveLogo ? null : Current?.Logo;
        if (Logo is { Length: > 0 } file)
        {
            if (file.Length > MaxLogoBytes)
            {
                Errors["Logo"] = t["Il logo può pesare al più 256 KiB."];
                return Page();
            }
            using var bytes = new MemoryStream();
            await file.CopyToAsync(bytes, ct);
            logo = Convert.ToBase64String(bytes.ToArray());
        }
        var result = await api.PutNoticeTemplateAsync(caller, Ec, new NoticeTemplate(logo, Blank(CompanyName), Blank(Sector), Blank(Office),
            Blank(WhereToPay), Blank(Contacts), Blank(CbillCode),
            PostalAccountHolder: Blank(PostalAccountHolder), PosteAuthorisation: Blank(PosteAuthorisation)), ct).OrProblem();
        if (result.IsOk) return Redirect($"/backoffice/impostazioni/{Ec}/avviso?salvato=1");
        foreach (var (path, messages) in result.Problem!.Errors)
            Errors[FieldOf(path)] = string.Join(" ", messages);
        if (result.Problem.Errors.Count == 0) Errors[""] = result.Problem.Detail ?? result.Problem.Title ?? t["Richiesta rifiutata."];
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string FieldOf(string path) => path switch
    {
        "logo" => nameof(Logo), "companyName" => nameof(CompanyName), "sector" => nameof(Sector), "office" => nameof(Office),
        "whereToPay" => nameof(WhereToPay), "contacts" => nameof(Contacts), "cbillCode" => nameof(CbillCode),
        "postalAccountHolder" => nameof(PostalAccountHolder), "posteAuthorisation" => nameof(PosteAuthorisation), _ => "",
    };
}
