using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice.Imports;

// An import's progress; htmx asks for the bar again every second until the import has finished.
public sealed class ProgressModel(IPlatformApi api) : PageModel
{
    [FromRoute] public string Ec { get; set; } = "";
    [FromRoute] public Guid Id { get; set; }
    public ImportStatus? Import { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetBarAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Partial("_ImportBar", this) : NotFound();

    public async Task<IActionResult> OnGetErrorsAsync(CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        var response = await api.GetImportErrorsAsync(ApiCaller.Operator(User), Ec, Id, ct).OrNull();
        if (response is null) return NotFound();
        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(ct), "text/csv; charset=utf-8", $"righe-scartate-{Id}.csv");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return false;
        Import = (await api.GetImportAsync(ApiCaller.Operator(User), Ec, Id, ct).OrProblem()).Value;
        return Import is not null;
    }
}
