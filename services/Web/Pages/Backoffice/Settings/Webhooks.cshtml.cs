using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice.Settings;

// The EC's webhook subscriptions (Receipts): create one (its signing secret shown this once), pause and resume, and
// the deliveries that failed for good, to send again one by one or all together.
[Authorize(Roles = OperatorRole.Administrator)]
public sealed class WebhooksModel(IPlatformApi api, IOptions<WebSettings> settings, IStringLocalizer<SharedResource> t) : PageModel
{
    public static readonly string[] EventTypes = ["receipt.archived", "position.status-changed", "flow.reconciled", "reconciliation.anomaly", "import.finished"];

    [FromRoute] public string Ec { get; set; } = "";
    [BindProperty] public string? TargetUrl { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [];
    [BindProperty] public string? Description { get; set; }

    public sealed record Subscription(WebhookSubscription Webhook, IReadOnlyList<WebhookDelivery> Dead);

    public List<Subscription> Subscriptions { get; } = [];
    public WebhookCreated? Created { get; private set; }
    public string? Message { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    public string OrganizationName => settings.Value.OrganizationName(Ec);

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public string EventLabel(string type) => type switch
    {
        "receipt.archived" => t["Ricevuta archiviata"], "position.status-changed" => t["Stato della posizione cambiato"],
        "flow.reconciled" => t["Flusso riconciliato"], "reconciliation.anomaly" => t["Anomalia di riconciliazione"],
        "import.finished" => t["Importazione terminata"], _ => type,
    };

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "esito")] string? outcome, CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        Message = outcome switch
        {
            "pause" => t["Sottoscrizione sospesa."].Value, "resume" => t["Sottoscrizione riattivata."].Value,
            "reinviata" => t["Consegna rimessa in coda."].Value, "reinviate" => t["Consegne non riuscite rimesse in coda."].Value, _ => null,
        };
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        var result = await api.CreateWebhookAsync(ApiCaller.Operator(User), Ec, new NewWebhook(TargetUrl?.Trim(), Events.Where(EventTypes.Contains).ToArray(),
            string.IsNullOrWhiteSpace(Description) ? null : Description.Trim()), ct).OrProblem();
        if (result.IsOk)
        {
            // The secret is shown in this answer only: no redirect, the page is not cached (no-store), and it is never logged.
            Created = result.Value;
            TargetUrl = null;
            Description = null;
            Events = [];
        }
        else
        {
            foreach (var (path, messages) in result.Problem!.Errors)
                Errors[path switch { "targetUrl" => nameof(TargetUrl), "eventTypes" => nameof(Events), "description" => nameof(Description), _ => "" }] = string.Join(" ", messages);
            if (result.Problem.Errors.Count == 0) Errors[""] = result.Problem.Detail ?? result.Problem.Title ?? t["Richiesta rifiutata."];
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostPauseAsync([FromForm] Guid subscription, CancellationToken ct) => SetAsync(subscription, "pause", ct);

    public Task<IActionResult> OnPostResumeAsync([FromForm] Guid subscription, CancellationToken ct) => SetAsync(subscription, "resume", ct);

    public async Task<IActionResult> OnPostReplayAsync([FromForm] Guid subscription, [FromForm] Guid delivery, CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        var result = await api.ReplayDeliveryAsync(ApiCaller.Operator(User), Ec, subscription, delivery, ct).OrProblem();
        return result.IsOk ? Redirect($"{Self}?esito=reinviata") : await FailedAsync(result.Problem!, ct);
    }

    public async Task<IActionResult> OnPostReplayDeadAsync([FromForm] Guid subscription, CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        var result = await api.ReplayDeadAsync(ApiCaller.Operator(User), Ec, subscription, ct).OrProblem();
        return result.IsOk ? Redirect($"{Self}?esito=reinviate") : await FailedAsync(result.Problem!, ct);
    }

    private string Self => $"/backoffice/impostazioni/{Ec}/webhook";

    private async Task<IActionResult> SetAsync(Guid subscription, string action, CancellationToken ct)
    {
        if (!User.ActsFor(Ec)) return NotFound();
        var result = await api.SetWebhookAsync(ApiCaller.Operator(User), Ec, subscription, action, ct).OrProblem();
        return result.IsOk ? Redirect($"{Self}?esito={action}") : await FailedAsync(result.Problem!, ct);
    }

    private async Task<IActionResult> FailedAsync(ApiProblem problem, CancellationToken ct)
    {
        Errors[""] = problem.Detail ?? problem.Title ?? t["Richiesta rifiutata."];
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var caller = ApiCaller.Operator(User);
        foreach (var webhook in (await api.ListWebhooksAsync(caller, Ec, ct).OrProblem()).Value ?? [])
            Subscriptions.Add(new Subscription(webhook, (await api.ListDeliveriesAsync(caller, Ec, webhook.Id, "dead", 20, ct).OrProblem()).Value ?? []));
    }
}
