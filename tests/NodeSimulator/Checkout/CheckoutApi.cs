using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodeSimulator.Payments;
using NodeSimulator.Soap;

namespace NodeSimulator.Checkout;

// pagoPA's checkout as a citizen meets it: the EC's portal posts a cart (`POST /checkout/ec/v1/carts`, answered 302
// to the checkout page, as the real API does); the page shows the notice as the station describes it
// (paVerifyPaymentNotice); "Pay" runs the Node's real calls (verify, paGetPaymentV2, paSendRTV2) against the station
// and sends the citizen back to the portal's return URL.
internal static partial class CheckoutApi
{
    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/checkout/ec/v1/carts", CreateCart).WithTags("Simulator: checkout");
        app.MapGet("/checkout/carts/{id:guid}", Show).WithTags("Simulator: checkout");
        app.MapPost("/checkout/carts/{id:guid}/pay", Pay).WithTags("Simulator: checkout").DisableAntiforgery();
        app.MapPost("/checkout/carts/{id:guid}/cancel", Cancel).WithTags("Simulator: checkout").DisableAntiforgery();
        return app;
    }

    private static Results<RedirectHttpResult, ValidationProblem> CreateCart(CartRequest request, CheckoutCarts carts)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.PaymentNotices is not [var notice]) errors["paymentNotices"] = ["exactly one notice per cart in the simulator"];
        else
        {
            if (notice.NoticeNumber is null || !Digits(18).IsMatch(notice.NoticeNumber)) errors["paymentNotices[0].noticeNumber"] = ["18 digits required"];
            if (notice.FiscalCode is null || !Digits(11).IsMatch(notice.FiscalCode)) errors["paymentNotices[0].fiscalCode"] = ["11 digits required"];
        }
        var urls = request.ReturnUrls;
        if (urls?.ReturnOkUrl is null || urls.ReturnCancelUrl is null || urls.ReturnErrorUrl is null
            || new[] { urls.ReturnOkUrl, urls.ReturnCancelUrl, urls.ReturnErrorUrl }.Any(u => !u.IsAbsoluteUri || u.Scheme is not ("http" or "https")))
            errors["returnUrls"] = ["returnOkUrl, returnCancelUrl and returnErrorUrl are absolute http(s) URLs"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var cart = carts.Add(request.PaymentNotices![0], urls!);
        return TypedResults.Redirect($"/checkout/carts/{cart.Id}");
    }

    private static async Task<IResult> Show(Guid id, CheckoutCarts carts, StationClient station, IOptions<NodeOptions> options, CancellationToken ct)
    {
        if (carts.Find(id) is not { } cart) return CheckoutPage.Gone();
        var node = options.Value;
        var caller = new Caller(cart.Notice.FiscalCode!, node.BrokerId, node.StationId);
        try
        {
            var (verify, payload) = await station.CallAsync("paVerifyPaymentNotice", NodeRequests.Verify(caller, cart.Notice.NoticeNumber!), node.VerifyTimeout, ct);
            if (!verify.IsOk) return CheckoutPage.Refused(cart, verify.FaultCode ?? "KO");
            var option = payload.Child("paymentList").Child("paymentOptionDescription");
            var amount = option.Text("amount") is { } text ? SoapXml.Cents(text) : cart.Notice.Amount ?? 0;
            return CheckoutPage.Confirm(cart, payload.Text("companyName") ?? cart.Notice.CompanyName, payload.Text("paymentDescription") ?? cart.Notice.Description, amount);
        }
        catch (StationUnreachableException)
        {
            return CheckoutPage.Refused(cart, "PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE");
        }
    }

    private static async Task<IResult> Pay(Guid id, CheckoutCarts carts, PaymentRunner runner, CancellationToken ct)
    {
        if (carts.Find(id) is not { } cart) return CheckoutPage.Gone();
        PaymentResult result;
        try
        {
            result = await runner.RunAsync(new PaymentRequest(cart.Notice.FiscalCode, cart.Notice.NoticeNumber), ct);
        }
        catch (StationUnreachableException)
        {
            return Results.Redirect(cart.ReturnUrls.ReturnErrorUrl!.ToString());
        }
        carts.Remove(id);
        return Results.Redirect((result.Outcome == "OK" ? cart.ReturnUrls.ReturnOkUrl : cart.ReturnUrls.ReturnErrorUrl)!.ToString());
    }

    private static IResult Cancel(Guid id, CheckoutCarts carts)
    {
        if (carts.Find(id) is not { } cart) return CheckoutPage.Gone();
        carts.Remove(id);
        return Results.Redirect(cart.ReturnUrls.ReturnCancelUrl!.ToString());
    }

    private static Regex Digits(int count) => count == 18 ? EighteenDigits() : ElevenDigits();

    [GeneratedRegex("^[0-9]{18}$")]
    private static partial Regex EighteenDigits();

    [GeneratedRegex("^[0-9]{11}$")]
    private static partial Regex ElevenDigits();
}
