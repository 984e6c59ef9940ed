using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice.Imports;

// Bulk import: the file goes on to the DebtPositions import API as it arrives; the progress page follows it.
[Authorize(Roles = OperatorRole.Operator + "," + OperatorRole.Administrator)]
[RequestSizeLimit(536_870_912)]
[RequestFormLimits(MultipartBodyLengthLimit = 536_870_912)]
public sealed class UploadModel(IImportUploadApi api, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public string? Organization { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool Publish { get; set; }

    public IReadOnlyList<string> Organizations => User.Organizations();
    public string? Failure { get; private set; }

    public void OnGet() => Organization = Organizations.FirstOrDefault();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Organization is not { } ec || !User.ActsFor(ec))
        {
            Failure = t["Scegli uno degli enti a cui sei assegnato."];
            return Page();
        }
        if (Upload is not { Length: > 0 } file)
        {
            Failure = t["Scegli un file CSV o JSON."];
            return Page();
        }
        var type = file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/csv";
        await using var content = file.OpenReadStream();
        var result = await api.UploadImportAsync(ApiCaller.Operator(User), ec, new Refit.StreamPart(content, Path.GetFileName(file.FileName), type), Publish, ct).OrProblem();
        if (result.IsOk) return Redirect($"/backoffice/importazioni/{ec}/{result.Value!.Id}");
        Failure = result.Problem!.Detail ?? result.Problem.Title;
        return Page();
    }
}
