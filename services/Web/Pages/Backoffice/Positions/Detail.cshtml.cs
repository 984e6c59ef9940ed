using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice.Positions;

// One position: its notices and instalments, the history as a timeline, notice and receipt PDFs, its receipts
// (Receipts) and reconciliation state (Reporting) per paid notice, positions it is linked to (lineage), the gateway's
// audit of the writes on it (administrators), and the lifecycle actions (publish, invalidate) behind a confirmation.
// An EC the operator is not assigned to is answered like a position that does not exist.
public sealed class DetailModel(IPlatformApi api, IOptions<WebSettings> settings, IStringLocalizer<SharedResource> t) : PageModel
{
    [FromRoute] public string Ec { get; set; } = "";
    [FromRoute] public string Iupd { get; set; } = "";
    [FromQuery(Name = "conferma")] public string? Confirm { get; set; }

    public Position? Position { get; private set; }
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public IReadOnlyList<ReceiptSummary> Receipts { get; private set; } = [];
    public IReadOnlyList<PaymentReconciliation> Reconciliations { get; private set; } = [];
    public IReadOnlyDictionary<string, string> LabelMeanings { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<LinkedPosition> Lineage { get; private set; } = [];

    // Null when the operator may not read the audit log (only administrators may).
    public IReadOnlyList<AuditEntry>? Audit { get; private set; }

    public string? Message { get; private set; }
    public string? Failure { get; private set; }

    public string OrganizationName => settings.Value.OrganizationName(Ec);

    public bool CanPublish => User.CanWrite() && Position?.Status == "DRAFT";

    public bool CanInvalidate => User.CanWrite() && Position?.Status is "VALID" or "PUBLISHED";

    // Reporting's transfer states, from the least advanced, as the page says them.
    public string ReconciliationStateLabel(string state) => state switch
    {
        "expected" => t["Attesa"], "reported-without-receipt" => t["Rendicontata senza ricevuta"], "paid" => t["Pagata, da rendicontare"],
        "reported" => t["Rendicontata, da riversare"], "cashed" => t["Riversata in tesoreria"], _ => state,
    };

    // What an audited write did to the position: the path after the position (publish, invalidate…), or the position
    // itself.
    public string AuditAction(AuditEntry entry)
    {
        var rest = entry.Path[(entry.Path.IndexOf("/debtpositions/" + Iupd, StringComparison.Ordinal) + "/debtpositions/".Length + Iupd.Length)..];
        return rest.TrimStart('/') is { Length: > 0 } action ? action : t["(posizione)"];
    }

    // Reporting's meaning of a label, the Italian name only (the text before the colon).
    public string LabelMeaning(string label) => LabelMeanings.TryGetValue(label, out var meaning) ? meaning.Split(':')[0] : label;

    // The history's change names (DebtPositionChanges) as the timeline says them.
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
            "modificata" => t["Modifiche salvate."].Value,
            _ => null,
        };
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        ActAsync((caller, c) => api.PublishAsync(caller, Ec, Iupd, c).OrProblem(), "pubblicata", ct);

    public Task<IActionResult> OnPostInvalidateAsync(CancellationToken ct) =>
        ActAsync((caller, c) => api.InvalidateAsync(caller, Ec, Iupd, c).OrProblem(), "invalidata", ct);

    public Task<IActionResult> OnGetNoticeAsync(string nav, CancellationToken ct) =>
        DocumentAsync(caller => api.GetNoticePdfAsync(caller, Ec, nav, ct), $"avviso-{nav}.pdf", ct);

    public Task<IActionResult> OnGetReceiptAsync(string receipt, CancellationToken ct) =>
        DocumentAsync(caller => api.GetReceiptPdfAsync(caller, Ec, receipt, ct), "ricevuta.pdf", ct);

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

    private async Task<IActionResult> DocumentAsync(Func<ApiCaller, Task<HttpResponseMessage>> document, string fileName, CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFoundPage();
        var response = await document(ApiCaller.Operator(User)).OrNull();
        if (response is null) return NotFoundPage();
        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(ct), response.Content.Headers.ContentType?.ToString() ?? "application/pdf", fileName);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return false;
        var caller = ApiCaller.Operator(User);
        var position = await api.GetPositionAsync(caller, Ec, Iupd, ct).OrProblem();
        if (!position.IsOk) return false;
        Position = position.Value!;
        History = (await api.GetHistoryAsync(caller, Ec, Iupd, ct).OrProblem()).Value ?? [];
        Lineage = Api.Lineage.Of(Position.Other);
        var paid = Position.PaymentOption.Where(o => o.IsPaid || o.IdReceipt is not null).Select(o => o.Iuv).Distinct().ToList();
        var receipts = await Task.WhenAll(paid.Select(iuv => api.ListReceiptsAsync(caller, Ec, iuv, ct).OrProblem()));
        Receipts = receipts.SelectMany(r => r.Value ?? []).OrderBy(r => r.PaymentDateTime).ToList();
        // 404 until Reporting has heard of the payment: then the page says "not yet", not an error.
        var states = await Task.WhenAll(paid.Select(iuv => api.GetReconciliationAsync(caller, Ec, iuv, ct).OrProblem()));
        Reconciliations = states.Where(s => s.IsOk).Select(s => s.Value!).ToList();
        if (Reconciliations.Count > 0) LabelMeanings = (await api.GetReconciliationLabelsAsync(caller, Ec, ct).OrProblem()).Value ?? new Dictionary<string, string>();
        if (User.CanAdminister()) Audit = await AuditOfPositionAsync(caller, ct);
        return true;
    }

    // The gateway logs paths, not positions: the writes whose path names this position (publish, update,
    // invalidate…).
    private async Task<List<AuditEntry>> AuditOfPositionAsync(ApiCaller caller, CancellationToken ct)
    {
        var entries = (await api.ListAuditAsync(caller, Ec, Position!.InsertedDate.AddMinutes(-1), 1000, ct).OrProblem()).Value ?? [];
        var segment = "/debtpositions/" + Iupd; // the gateway logs the decoded path
        return entries.Where(e => e.Path.EndsWith(segment, StringComparison.Ordinal) || e.Path.Contains(segment + "/", StringComparison.Ordinal)).ToList();
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Position = null;
        return Page();
    }
}
