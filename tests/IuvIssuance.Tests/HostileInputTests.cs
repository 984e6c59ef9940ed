using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// Templates and configuration refuse control characters and malformed JSON with a 400 naming the field.
public sealed class HostileInputTests(IuvApp app) : IClassFixture<IuvApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_NUL_in_a_template_text_is_a_400_naming_the_field_not_a_database_error()
    {
        var response = await _client.PutAsJsonAsync($"/api/iuv/organizations/{Ec}/notice-template",
            new { companyName = "Comune di Demo\u0000", whereToPay = "Sportello Tributi" });

        var errors = await ErrorsOf(response);
        Assert.True(errors.TryGetProperty("companyName", out _), errors.ToString());
    }

    [Fact]
    public async Task The_texts_printed_as_blocks_may_hold_line_breaks_the_one_line_ones_may_not()
    {
        var ok = await _client.PutAsJsonAsync($"/api/iuv/organizations/{Ec}/notice-template",
            new { companyName = "Comune di Demo", whereToPay = "Sportello Tributi\r\nVia Roma 1", contacts = "tel. 06 123\ttributi@comune.demo.it" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var refused = await _client.PutAsJsonAsync($"/api/iuv/organizations/{Ec}/notice-template",
            new { companyName = "Comune\ndi Demo" });
        Assert.True((await ErrorsOf(refused)).TryGetProperty("companyName", out _));
    }

    [Fact]
    public async Task A_configuration_with_a_number_as_text_or_a_key_twice_is_a_400()
    {
        var asText = await _client.PutAsync($"/api/iuv/organizations/{Ec}",
            new StringContent("""{"segregationCode":"01","auxDigit":"3"}""", Encoding.UTF8, "application/json"));
        Assert.Contains("integer", (await ErrorsOf(asText)).GetProperty("auxDigit")[0].GetString(), StringComparison.Ordinal);

        var twice = await _client.PutAsync($"/api/iuv/organizations/{Ec}",
            new StringContent("""{"segregationCode":"01","segregationCode":"02"}""", Encoding.UTF8, "application/json"));
        Assert.True((await ErrorsOf(twice)).TryGetProperty("segregationCode", out _));
    }

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors");
    }
}
