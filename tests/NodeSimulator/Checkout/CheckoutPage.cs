using System.Globalization;
using System.Net;

namespace NodeSimulator.Checkout;

// The checkout's pages: plain, accessible HTML (it is scanned with the portal's pages), no script.
internal static class CheckoutPage
{
    public static IResult Confirm(Cart cart, string? company, string? description, long amountCents) => Html("Paga l'avviso", $"""
        <h1>Paga l'avviso</h1>
        <p>Checkout pagoPA simulato: esegue le chiamate reali del Nodo verso la stazione dell'ente.</p>
        <dl>
          <dt>Ente creditore</dt><dd>{E(company)}</dd>
          <dt>Causale</dt><dd>{E(description)}</dd>
          <dt>Numero avviso</dt><dd>{E(cart.Notice.NoticeNumber)}</dd>
          <dt>Importo</dt><dd id="amount">€ {(amountCents / 100m).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',')}</dd>
        </dl>
        <form method="post" action="/checkout/carts/{cart.Id}/pay"><button type="submit">Paga</button></form>
        <form method="post" action="/checkout/carts/{cart.Id}/cancel"><button type="submit">Annulla</button></form>
        """);

    public static IResult Refused(Cart cart, string fault) => Html("Avviso non pagabile", $"""
        <h1>Avviso non pagabile</h1>
        <p>La stazione dell'ente ha risposto <code>{E(fault)}</code>.</p>
        <form method="post" action="/checkout/carts/{cart.Id}/cancel"><button type="submit">Torna al sito dell'ente</button></form>
        """);

    public static IResult Gone() => Html("Carrello scaduto", "<h1>Carrello scaduto</h1><p>Il carrello non esiste più: torna al sito dell'ente.</p>", 404);

    private static IResult Html(string title, string body, int status = 200) => Results.Content($"""
        <!DOCTYPE html>
        <html lang="it">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(title)} – pagoPA checkout (simulatore)</title></head>
        <body><main>
        {body}
        </main></body>
        </html>
        """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
