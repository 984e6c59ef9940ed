using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Refit;
using ServiceDefaults.Http;

namespace Web.Portal;

// pagoPA's checkout for ECs, the two calls the portal makes. In the local run the NodeSimulator plays it.
public interface ICheckoutApi
{
    // The cart of notices to pay and where to come back; the answer is a 302 to the checkout page.
    [Post("/checkout/ec/v1/carts")]
    Task<HttpResponseMessage> CreateCartAsync([Body] Checkout.Cart cart, CancellationToken ct);

    // A spontaneous-payment notice (ADR 0060): 201 with the notice, or a problem with the station's PAA code.
    [Post("/checkout/ec/v1/spontaneous-notices")]
    Task<IApiResponse<SpontaneousDemand.Notice>> DemandNoticeAsync([Body] SpontaneousDemand.Request request, CancellationToken ct);
}

// Starts a payment on pagoPA's checkout (`POST /checkout/ec/v1/carts`): it answers 302 with the checkout page the
// citizen goes to.
public sealed class Checkout(ICheckoutApi api)
{
    public sealed record Notice(string NoticeNumber, string FiscalCode, long Amount, string CompanyName, string Description);

    public sealed record Cart(Notice[] PaymentNotices, ReturnUrls ReturnUrls);

    public sealed record ReturnUrls(Uri ReturnOkUrl, Uri ReturnCancelUrl, Uri ReturnErrorUrl);

    public async Task<Uri> StartAsync(Notice notice, Uri returnOk, Uri returnCancel, Uri returnError, CancellationToken ct)
    {
        using var response = await api.CreateCartAsync(new Cart([notice], new ReturnUrls(returnOk, returnCancel, returnError)), ct);
        if (response.StatusCode != HttpStatusCode.Found || response.Headers.Location is not { } location)
            throw new HttpRequestException($"the checkout answered {(int)response.StatusCode} to a cart", null, response.StatusCode);
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }
}

internal static class PortalSetup
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PortalSession>();
        builder.Services.AddTransient<Checkout>();
        builder.Services.AddTransient<SpontaneousDemand>();
        var checkout = builder.Configuration.GetValue<Uri>("Web:CheckoutUrl") ?? new Uri("http://127.0.0.1:5190/");
        builder.Services.AddRefitGeneratedClient<ICheckoutApi>(new RefitSettings(new SystemTextJsonContentSerializer(JsonSerializerOptions.Web)))
            .ConfigureHttpClient(http => http.BaseAddress = checkout)
            // The cart's 302 is the answer: the portal sends the citizen's browser there, it does not follow it.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddStandardResilience(builder.Configuration, "Checkout", o =>
            {
                // Both calls are POSTs that create something at pagoPA (a cart; a notice, through the EC's station):
                // never repeated after a lost answer. The citizen waits, so an attempt is short.
                o.Retry.DisableForUnsafeHttpMethods();
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(20);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(1);
            });
        return builder;
    }
}
