using System.Net;
using System.Net.Http.Json;

namespace Web.Portal;

/// <summary>
/// pagoPA's checkout for ECs (`POST /checkout/ec/v1/carts`): the cart of notices to pay and where to come back;
/// it answers 302 with the checkout page the citizen goes to. In the local run the NodeSimulator plays it.
/// </summary>
public sealed class Checkout(HttpClient http)
{
    public sealed record Notice(string NoticeNumber, string FiscalCode, long Amount, string CompanyName, string Description);

    public async Task<Uri> StartAsync(Notice notice, Uri returnOk, Uri returnCancel, Uri returnError, CancellationToken ct)
    {
        var cart = new
        {
            paymentNotices = new[] { notice },
            returnUrls = new { returnOkUrl = returnOk, returnCancelUrl = returnCancel, returnErrorUrl = returnError },
        };
        using var response = await http.PostAsJsonAsync("checkout/ec/v1/carts", cart, ct);
        if (response.StatusCode != HttpStatusCode.Found || response.Headers.Location is not { } location)
            throw new HttpRequestException($"the checkout answered {(int)response.StatusCode} to a cart", null, response.StatusCode);
        return location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);
    }
}

internal static class PortalSetup
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PortalSession>();
        var checkout = builder.Configuration.GetValue<Uri>("Web:CheckoutUrl") ?? new Uri("http://127.0.0.1:5190/");
        builder.Services.AddHttpClient<Checkout>(c => c.BaseAddress = checkout)
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        builder.Services.AddHttpClient<SpontaneousDemand>(c => c.BaseAddress = checkout);
        return builder;
    }
}
