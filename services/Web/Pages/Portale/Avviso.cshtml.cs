using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Web.Api;
using Web.Portal;

namespace Web.Pages.Portale;

// What the citizen found: the position's notices with amount, due date and state, the notice and receipt PDFs, and
// payment through pagoPA's checkout. Everything is keyed by the encrypted portal cookie and an instalment's index,
// never by a notice number or a fiscal code in the address.
public sealed class AvvisoModel(IPlatformApi api, PortalSession session, Checkout checkout, IStringLocalizer<SharedResource> t,
    ILogger<AvvisoModel> logger) : PageModel
{
    [FromQuery(Name = "esito")] public string? Outcome { get; set; }

    public Position? Position { get; private set; }
    public PortalSession.Found? Found { get; private set; }
    public string? Failure { get; private set; }

    // The instalments in due-date order: their index is what the page's links and forms name.
    public IReadOnlyList<Option> Instalments => Position?.PaymentOption.OrderBy(o => o.DueDate).ThenBy(o => o.Nav).ToList() ?? [];

    public bool Payable => Position?.Status is "VALID" or "PUBLISHED" or "PARTIALLY_PAID";

    // After the checkout, the page asks again until the notice being paid shows as paid.
    public bool Waiting => Found?.PayingNav is { } nav && Instalments.FirstOrDefault(o => o.Nav == nav) is { IsPaid: false };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : LocalRedirect("/");

    public async Task<IActionResult> OnGetStatusAsync(CancellationToken ct) => await LoadAsync(ct) ? Partial("_Instalments", this) : NotFound();

    public async Task<IActionResult> OnPostPayAsync([FromForm(Name = "rata")] int index, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return LocalRedirect("/");
        if (!Payable || index < 0 || index >= Instalments.Count || Instalments[index].IsPaid)
        {
            Failure = t["Questa rata non è pagabile."];
            return Page();
        }
        var option = Instalments[index];
        var here = $"{Request.Scheme}://{Request.Host}/portale/avviso";
        var location = await checkout.StartAsync(
            new Checkout.Notice(option.Nav, Found!.Organization, option.Amount, Position!.CompanyName, option.Description),
            new Uri(here + "?esito=ok"), new Uri(here + "?esito=annullato"), new Uri(here + "?esito=errore"), ct);
        session.Write(Response, Found with { PayingNav = option.Nav });
        logger.LogInformation("Citizen sent to the checkout");
        return Redirect(location.ToString());
    }

    public Task<IActionResult> OnGetNoticeAsync([FromQuery(Name = "rata")] int index, CancellationToken ct) =>
        DocumentAsync(index, (caller, o) => o.IsPaid ? null : api.GetNoticePdfAsync(caller, Found!.Organization, o.Nav, ct), "avviso.pdf", ct);

    public Task<IActionResult> OnGetReceiptAsync([FromQuery(Name = "rata")] int index, CancellationToken ct) =>
        DocumentAsync(index, (caller, o) => o.IdReceipt is { } r ? api.GetReceiptPdfAsync(caller, Found!.Organization, r, ct) : null, "ricevuta.pdf", ct);

    // The instalment's document, if it has one: null from the request means none.
    private async Task<IActionResult> DocumentAsync(int index, Func<ApiCaller, Option, Task<HttpResponseMessage>?> request, string fileName, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || index < 0 || index >= Instalments.Count
            || request(ApiCaller.Portal(Found!.Organization), Instalments[index]) is not { } document) return NotFound();
        var response = await document.OrNull();
        if (response is null) return NotFound();
        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(ct), "application/pdf", fileName);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Found = session.Read(Request);
        if (Found is null) return false;
        Position = (await api.GetPositionAsync(ApiCaller.Portal(Found.Organization), Found.Organization, Found.Iupd, ct).OrProblem()).Value;
        return Position is not null;
    }
}
