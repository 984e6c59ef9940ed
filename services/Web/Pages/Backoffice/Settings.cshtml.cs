using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice;

// Per assigned EC: its spontaneous-payment catalogue (DebtPositions), which every operator may read and only an
// administrator may change (ADR 0091), and, for administrators, its webhook subscriptions (Receipts) and notice
// template.
public sealed class SettingsModel(IPlatformApi api, IOptions<WebSettings> settings) : PageModel
{
    public sealed record OrganizationSettings(string Ec, string Name, IReadOnlyList<WebhookSubscription> Webhooks,
        IReadOnlyDictionary<string, CatalogueEntry> Services);

    public List<OrganizationSettings> Organizations { get; } = [];

    public bool CanEdit => User.CanAdminister();

    public bool ServiceSaved { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "esito")] string? outcome, CancellationToken ct)
    {
        ServiceSaved = outcome == "servizio";
        var caller = ApiCaller.Operator(User);
        foreach (var ec in User.Organizations())
        {
            var webhooks = CanEdit ? (await api.ListWebhooksAsync(caller, ec, ct).OrProblem()).Value ?? [] : [];
            var services = (await api.ListCatalogueAsync(caller, ec, ct).OrProblem()).Value ?? [];
            Organizations.Add(new OrganizationSettings(ec, settings.Value.OrganizationName(ec), webhooks, services));
        }
    }
}
