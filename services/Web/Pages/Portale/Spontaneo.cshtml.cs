using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Web.Api;
using Web.Localization;
using Web.Portal;
using Web.Security;

namespace Web.Pages.Portale;

// Spontaneous payments (ADR 0060): each EC's catalogue of services, each with a form built from what the service
// takes in (ServiceForm). A sent form has the EC's station create the notice through the checkout, as the Node does
// for a PSP; the citizen then lands on the notice's page, where it is payable at once. Rate limited like the lookup:
// every accepted form creates a position.
[EnableRateLimiting(WebSecurity.LookupPolicy)]
public sealed class SpontaneoModel(IPlatformApi api, SpontaneousDemand demand, PortalSession session, IOptions<WebSettings> settings,
    IStringLocalizer<SharedResource> t, ILogger<SpontaneoModel> logger) : PageModel
{
    public sealed record Catalogue(Organization Organization, IReadOnlyList<ServiceForm> Services);

    public List<Catalogue> Catalogues { get; } = [];

    [BindProperty] public string? Organization { get; set; }
    [BindProperty] public string? ServiceId { get; set; }

    // What the citizen wrote in the form that was sent, by field name (shown again with the errors).
    public Dictionary<string, string?> Answers { get; } = [];

    public Dictionary<string, string> Errors { get; } = [];
    public string? Failure { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var form = Catalogues.FirstOrDefault(c => c.Organization.FiscalCode == Organization)?.Services.FirstOrDefault(s => s.ServiceId == ServiceId);
        if (form is null)
        {
            Failure = t["Scegli un servizio dell'elenco."];
            return Page();
        }
        foreach (var field in form.Fields) Answers[field.Name] = Request.Form[field.Name].ToString();
        var (xml, errors) = form.Read(Answers);
        foreach (var (field, error) in errors) Errors[field] = error;
        if (xml is null) return Page();

        var outcome = await demand.DemandAsync(Organization!, form.ServiceId, xml, ct);
        // The service and the outcome only: the payer's answers stay out of the log.
        logger.LogInformation("Spontaneous notice for service {ServiceId}: {Outcome}", form.ServiceId, outcome.Refusal ?? "created");
        if (outcome.Notice is not { } notice)
        {
            Failure = string.Format(System.Globalization.CultureInfo.InvariantCulture, t["L'ente non ha potuto creare l'avviso ({0}). Controlla i dati e riprova."], outcome.Refusal);
            return Page();
        }
        var found = await api.SearchAsync(ApiCaller.Portal(Organization!), Organization!, new PositionKey(Nav: notice.NoticeNumber), ct).OrProblem();
        if (found.Value?.FirstOrDefault() is not { } position)
        {
            Failure = t["L'avviso è stato creato ma non è ancora consultabile: riprova tra poco dalla ricerca."];
            return Page();
        }
        session.Write(Response, new PortalSession.Found(Organization!, position.Iupd));
        return LocalRedirect("/portale/avviso");
    }

    public string? ErrorFor(string ec, string serviceId, ServiceForm.Field field, ServiceForm form)
    {
        if (Organization != ec || ServiceId != serviceId || !Errors.TryGetValue(field.Name, out var error)) return null;
        return error switch
        {
            "required" => t["Campo obbligatorio."],
            "too-long" => string.Format(System.Globalization.CultureInfo.InvariantCulture, t["Al massimo {0} caratteri."], field.MaxLength),
            "too-much" => string.Format(System.Globalization.CultureInfo.InvariantCulture, t["L'importo massimo è {0}."], Formats.Euro(form.Service.MaxAmountCents ?? 0)),
            "date" => t["Scrivi una data valida, ad esempio 31/12/2026."],
            "fiscal-code" => t["Scrivi un codice fiscale valido (16 caratteri, o 11 cifre)."],
            "plate" => t["Scrivi una targa valida, solo lettere e cifre (da 5 a 8)."],
            "choice" => t["Scegli un valore dell'elenco."],
            "pattern" => t["Il valore non è nel formato richiesto."],
            _ => t["Scrivi un importo in euro, ad esempio 25,00."],
        };
    }

    public string? AnswerFor(string ec, string serviceId, string field) =>
        Organization == ec && ServiceId == serviceId ? Answers.GetValueOrDefault(field) : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        Catalogues.AddRange(await Task.WhenAll(settings.Value.Organizations.Select(async organization =>
        {
            var services = (await api.ListCatalogueAsync(ApiCaller.Portal(organization.FiscalCode), organization.FiscalCode, ct).OrProblem()).Value ?? [];
            return new Catalogue(organization, services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => ServiceForm.For(s.Key, s.Value)).ToList());
        })));
    }
}
