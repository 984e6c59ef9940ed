using System.Net;
using System.Net.Http.Json;
using Contracts.DebtPositions;
using Testing;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// The printed notice as a post office and a bank read it: both symbols decoded from the rendered page and checked against
// the payloads pagoPA specifies (docs/pagopa-notice.md). Expected texts are spelled out here, field by field.
public sealed class NoticePostalSlipTests(IuvApp app) : IClassFixture<IuvApp>, IAsyncLifetime
{
    private const string PostalIban = "IT60X0760103200000012345678";
    private readonly HttpClient _client = app.CreateClient();
    private TestBus _bus = null!;

    public async Task InitializeAsync() => _bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
    public async Task DisposeAsync() => await _bus.DisposeAsync();

    [Fact]
    public async Task A_notice_paid_into_a_postal_account_prints_a_bollettino_whose_DataMatrix_and_QR_code_decode_to_the_Poste_and_pagoPA_payloads()
    {
        var put = await _client.PutAsJsonAsync($"/api/iuv/organizations/{Ec}/notice-template",
            new { postalAccountHolder = "Comune di Demo - Servizio Tesoreria", posteAuthorisation = "AUT. DB/SSIC/E 12345 DEL 01/01/2020" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var nav = NewNav();
        await _bus.PublishAsync(Changed("TARI-POSTE-1", 1, "VALID", Postal(Option(nav, 123_456, new DateOnly(2026, 11, 30)))));

        var pdf = await NoticeDownloads.PdfAsync(_client, nav);

        Assert.Equal([$"PAGOPA|002|{nav}|77777777777|123456"], await Reader.QrCodesAsync(pdf, 1));
        var expected = "codfase=NBPA;" + "18" + nav + "12" + "000012345678" + "10" + "0000123456" + "3" + "896" + "1P1" + "77777777777"
            + "RSSMRA80A01H501U" + "Mario Rossi".PadRight(40) + "TARI 2026 - Tassa rifiuti".PadRight(110) + new string(' ', 12) + "A";
        Assert.Equal([expected], await Reader.DataMatrixesAsync(pdf, 1));
        var text = await Reader.TextAsync(pdf);
        Assert.Contains("BOLLETTINO POSTALE PA", text, StringComparison.Ordinal);
        Assert.Contains("000012345678", text, StringComparison.Ordinal);
        Assert.Contains("Comune di Demo - Servizio Tesoreria", text, StringComparison.Ordinal);
        Assert.Contains("AUT. DB/SSIC/E 12345 DEL 01/01/2020", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_instalment_into_a_postal_account_has_its_own_bollettino_with_its_NAV_and_amount()
    {
        var (r1, r2) = (NewNav(), NewNav());
        await _bus.PublishAsync(Changed("TARI-POSTE-2", 1, "VALID",
            Postal(Option(r1, 30_000, new DateOnly(2026, 6, 30), instalment: true)),
            Postal(Option(r2, 45_050, new DateOnly(2026, 9, 30), instalment: true))));

        var pdf = await NoticeDownloads.PdfAsync(_client, r1);

        var (first, second) = (Assert.Single(await Reader.DataMatrixesAsync(pdf, 1)), Assert.Single(await Reader.DataMatrixesAsync(pdf, 2)));
        // The slices the IO app reads: NAV [15,33), amount in cents [49,59), EC fiscal code [66,77).
        Assert.Equal((r1, "0000030000", Ec), (first[15..33], first[49..59], first[66..77]));
        Assert.Equal((r2, "0000045050", Ec), (second[15..33], second[49..59], second[66..77]));
        Assert.Equal([$"PAGOPA|002|{r2}|77777777777|45050"], await Reader.QrCodesAsync(pdf, 2));
    }

    [Fact]
    public async Task A_notice_paid_into_a_bank_account_only_has_no_bollettino()
    {
        var nav = NewNav();
        await _bus.PublishAsync(Changed("TARI-BANK-1", 1, "VALID", Option(nav, 10_000, new DateOnly(2026, 6, 30))));

        var pdf = await NoticeDownloads.PdfAsync(_client, nav);

        Assert.DoesNotContain("BOLLETTINO", await Reader.TextAsync(pdf), StringComparison.Ordinal);
        Assert.Empty(await Reader.DataMatrixesAsync(pdf, 1));
        Assert.Equal([$"PAGOPA|002|{nav}|77777777777|10000"], await Reader.QrCodesAsync(pdf, 1));
    }

    private static PaymentOptionSnapshot Postal(PaymentOptionSnapshot option) =>
        option with { Transfers = [.. option.Transfers.Select(t => t with { PostalIban = PostalIban })] };
}
