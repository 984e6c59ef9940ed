using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

public sealed class NoticeTemplateTests(IuvApp app) : IClassFixture<IuvApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task An_EC_template_puts_its_logo_name_and_texts_on_the_notice()
    {
        var logo = Convert.ToBase64String(TestImages.Png(120, 48));
        var put = await _client.PutAsJsonAsync($"/api/iuv/organizations/{Ec}/notice-template", new
        {
            logo, companyName = "Comune di Demo - Servizio Tributi", sector = "Settore Entrate",
            whereToPay = "Anche allo Sportello Tributi, Via Roma 1.", contacts = "Informazioni: tributi@comune.demo.it", cbillCode = "a1b2c",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var read = await _client.GetFromJsonAsync<JsonElement>($"/api/iuv/organizations/{Ec}/notice-template");
        Assert.Equal("image/png", read.GetProperty("logoContentType").GetString());
        Assert.Equal(logo, read.GetProperty("logo").GetString());
        Assert.Equal("A1B2C", read.GetProperty("cbillCode").GetString());

        var nav = NewNav();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        await bus.PublishAsync(Changed("TARI-TPL-1", 1, "VALID", Option(nav, 7_005, new DateOnly(2026, 7, 15))));
        var pdf = await PdfAsync(nav);

        var text = await Reader.TextAsync(pdf);
        Assert.Contains("Comune di Demo - Servizio Tributi", text, StringComparison.Ordinal);
        Assert.Contains("Settore Entrate", text, StringComparison.Ordinal);
        Assert.Contains("Sportello Tributi, Via Roma 1.", text, StringComparison.Ordinal);
        Assert.Contains("tributi@comune.demo.it", text, StringComparison.Ordinal);
        Assert.Contains("A1B2C", text, StringComparison.Ordinal);
        Assert.Contains("70,05 €", text, StringComparison.Ordinal);
        Assert.Equal(1, await Reader.ImageCountAsync(pdf));
        Assert.Equal([$"PAGOPA|002|{nav}|77777777777|7005"], await Reader.QrCodesAsync(pdf, 1));

        // A PUT replaces the whole template: without a logo, the notice has none.
        (await _client.PutAsJsonAsync($"/api/iuv/organizations/{Ec}/notice-template", new { sector = "Settore Entrate" })).EnsureSuccessStatusCode();
        Assert.Equal(0, await Reader.ImageCountAsync(await PdfAsync(nav)));
    }

    [Theory]
    [InlineData("gif", "logo", "PNG or a JPEG")]
    [InlineData("truncated-png", "logo", "not a readable image")]
    [InlineData("oversized", "logo", "exceeds 256 KiB")]
    [InlineData("not-base64", "logo", "base64")]
    [InlineData("cbill", "cbillCode", "5 letters or digits")]
    [InlineData("long-name", "companyName", "at most 140")]
    [InlineData("long-holder", "postalAccountHolder", "at most 50")]
    [InlineData("long-authorisation", "posteAuthorisation", "at most 60")]
    public async Task A_bad_template_is_a_field_error(string defect, string field, string message)
    {
        object body = defect switch
        {
            "gif" => new { logo = Convert.ToBase64String("GIF89a\u0001\u0000\u0001\u0000"u8.ToArray()) },
            "truncated-png" => new { logo = Convert.ToBase64String(TestImages.Png(40, 40)[..40]) },
            "oversized" => new { logo = Convert.ToBase64String(TestImages.Png(40, 40).Concat(new byte[300 * 1024]).ToArray()) },
            "not-base64" => new { logo = "***" },
            "cbill" => new { cbillCode = "AB-12" },
            "long-holder" => new { postalAccountHolder = new string('x', 51) },
            "long-authorisation" => new { posteAuthorisation = new string('x', 61) },
            _ => new { companyName = new string('x', 141) },
        };

        var response = await _client.PutAsJsonAsync($"/api/iuv/organizations/{Ec}/notice-template", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_EC_without_a_template_is_a_404_problem_and_its_notices_use_the_standard_one()
    {
        var response = await _client.GetAsync("/api/iuv/organizations/12345678901/notice-template");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Task<byte[]> PdfAsync(string nav) => NoticeDownloads.PdfAsync(_client, nav);
}
