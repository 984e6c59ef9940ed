using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Web.Access;
using Web.Api;

namespace Web.Pages.Backoffice;

/// <summary>Per assigned EC: its webhook subscriptions (Receipts) and its spontaneous-payment catalogue (DebtPositions).</summary>
[Authorize(Roles = OperatorRole.Administrator)]
public sealed class SettingsModel(IPlatformApi api, IOptions<WebSettings> settings) : PageModel
{
    public sealed record OrganizationSettings(string Ec, string Name, IReadOnlyList<WebhookSubscription> Webhooks,
        IReadOnlyDictionary<string, SpontaneousService> Services);

    public List<OrganizationSettings> Organizations { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = ApiCaller.Operator(User);
        foreach (var ec in User.Organizations())
        {
            var webhooks = (await api.ListWebhooksAsync(caller, ec, ct).OrProblem()).Value ?? [];
            var services = (await api.ListSpontaneousServicesAsync(caller, ec, ct).OrProblem()).Value ?? [];
            Organizations.Add(new OrganizationSettings(ec, settings.Value.OrganizationName(ec), webhooks, services));
        }
    }
}
