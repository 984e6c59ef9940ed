using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice.Positions;

/// <summary>
/// One position: its notices and instalments, the history as a timeline, notice and receipt PDFs, and the
/// lifecycle actions (publish, invalidate) behind a confirmation. An EC the operator is not assigned to is
/// answered like a position that does not exist.
/// </summary>
public sealed class DetailModel(PlatformApi api, IOptions<WebSettings> settings, IStringLocalizer<SharedResource> t) : PageModel
{
    [FromRoute] public string Ec { get; set; } = "";
    [FromRoute] public string Iupd { get; set; } = "";
    [FromQuery(Name = "conferma")] public string? Confirm { get; set; }

    public Position? Position { get; private set; }
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Failure { get; private set; }

    public string OrganizationName => settings.Value.OrganizationName(Ec);

    /// <summary>The history's change names (DebtPositionChanges) as the timeline says them.</summary>
    public string ChangeLabel(string change) => change switch
    {
        "created" => t["Creata"], "published" => t["Pubblicata"], "updated" => t["Modificata"], "invalidated" => t["Invalidata"],
        "revalidated" => t["Riattivata"], "validated" => t["Valida"], "expired" => t["Scaduta"], "partially-paid" => t["Rata pagata"],
        "paid" => t["Pagata"], "reported" => t["Rendicontata"], _ => change,
    };

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "creata")] int? created, [FromQuery(Name = "esito")] string? outcome, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFoundPage();
        Message = created == 1 ? t["Posizione creata."].Value : outcome switch
        {
            "pubblicata" => t["Posizione pubblicata: gli avvisi sono pagabili."].Value,
            "invalidata" => t["Posizione invalidata."].Value,
            _ => null,
        };
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        ActAsync((caller, c) => api.PublishAsync(caller, Ec, Iupd, c), "pubblicata", ct);

    public Task<IActionResult> OnPostInvalidateAsync(CancellationToken ct) =>
        ActAsync((caller, c) => api.InvalidateAsync(caller, Ec, Iupd, c), "invalidata", ct);

    public Task<IActionResult> OnGetNoticeAsync(string nav, CancellationToken ct) =>
        DocumentAsync(PlatformApi.NoticePdf(Ec, nav), $"avviso-{nav}.pdf", ct);

    public Task<IActionResult> OnGetReceiptAsync(string receipt, CancellationToken ct) =>
        DocumentAsync(PlatformApi.ReceiptPdf(Ec, receipt), "ricevuta.pdf", ct);

    private async Task<IActionResult> ActAsync(Func<ApiCaller, CancellationToken, Task<ApiResult<Position>>> action, string outcome, CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFoundPage();
        if (!User.CanWrite()) return Forbid();
        var result = await action(ApiCaller.Operator(User), ct);
        if (result.IsOk) return Redirect($"/backoffice/posizioni/{Ec}/{Uri.EscapeDataString(Iupd)}?esito={outcome}");
        if (!await LoadAsync(ct)) return NotFoundPage();
        Failure = result.Problem!.Detail ?? result.Problem.Title;
        return Page();
    }

    private async Task<IActionResult> DocumentAsync(string path, string fileName, CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFoundPage();
        var response = await api.GetDocumentAsync(ApiCaller.Operator(User), path, ct);
        if (response is null) return NotFoundPage();
        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(ct), response.Content.Headers.ContentType?.ToString() ?? "application/pdf", fileName);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return false;
        var caller = ApiCaller.Operator(User);
        var position = await api.GetPositionAsync(caller, Ec, Iupd, ct);
        if (!position.IsOk) return false;
        Position = position.Value;
        History = (await api.GetHistoryAsync(caller, Ec, Iupd, ct)).Value ?? [];
        return true;
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Position = null;
        return Page();
    }
}
