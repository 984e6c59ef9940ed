using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace IuvIssuance.Tests;

public sealed class IuvApiTests(IuvApp app) : IClassFixture<IuvApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task An_EC_is_configured_read_back_and_reconfigured()
    {
        var created = await _client.PutAsJsonAsync("/api/iuv/organizations/11111111111", new { segregationCode = "07" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var updated = await _client.PutAsJsonAsync("/api/iuv/organizations/11111111111", new { auxDigit = 0, applicationCode = "05" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var read = await _client.GetFromJsonAsync<JsonElement>("/api/iuv/organizations/11111111111");
        Assert.Equal(0, read.GetProperty("auxDigit").GetInt32());
        Assert.Equal("05", read.GetProperty("applicationCode").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("segregationCode").ValueKind);
    }

    [Fact]
    public async Task A_bad_configuration_gets_field_errors()
    {
        var response = await _client.PutAsJsonAsync("/api/iuv/organizations/123", new { auxDigit = 3, segregationCode = "7" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("organizationFiscalCode", out _));
        Assert.True(errors.TryGetProperty("segregationCode", out _));

        var deprecated = await _client.PutAsJsonAsync("/api/iuv/organizations/12121212121", new { auxDigit = 1 });
        var deprecatedErrors = (await deprecated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("deprecated", deprecatedErrors.GetProperty("auxDigit")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_EC_is_a_404_problem_for_every_operation()
    {
        var get = await _client.GetAsync("/api/iuv/organizations/99999999999");
        var allocate = await _client.PostAsJsonAsync("/api/iuv/organizations/99999999999/iuvs", new { count = 1 });
        var validate = await _client.PostAsJsonAsync("/api/iuv/organizations/99999999999/iuvs/validate", new { iuv = "12210209926737900" });

        foreach (var response in new[] { get, allocate, validate })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Allocated_numbers_follow_the_scheme_and_validate()
    {
        await _client.PutAsJsonAsync("/api/iuv/organizations/22222222222", new { segregationCode = "12" });

        var block = await Allocate("22222222222", 3);

        Assert.Equal(["12000000000000018", "12000000000000119", "12000000000000220"], block.Select(n => n.Iuv));
        Assert.All(block, n => Assert.Equal("3" + n.Iuv, n.Nav));
        foreach (var number in block)
        {
            var check = await _client.PostAsJsonAsync("/api/iuv/organizations/22222222222/iuvs/validate", new { nav = number.Nav });
            Assert.True((await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());
        }
    }

    [Fact]
    public async Task Validation_answers_the_reason_and_a_malformed_question_is_a_400()
    {
        await _client.PutAsJsonAsync("/api/iuv/organizations/33333333333", new { segregationCode = "12" });

        var invalid = await _client.PostAsJsonAsync("/api/iuv/organizations/33333333333/iuvs/validate", new { iuv = "12210209926737901" });
        var body = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.Equal("check-digit", body.GetProperty("code").GetString());

        var both = await _client.PostAsJsonAsync("/api/iuv/organizations/33333333333/iuvs/validate", new { iuv = "1", nav = "2" });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task A_block_size_out_of_range_is_a_field_error(int count)
    {
        await _client.PutAsJsonAsync("/api/iuv/organizations/44444444444", new { segregationCode = "01" });

        var response = await _client.PostAsJsonAsync("/api/iuv/organizations/44444444444/iuvs", new { count });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("count", out _));
    }

    [Fact]
    public async Task Switching_scheme_and_back_resumes_the_old_space_without_reissuing()
    {
        await _client.PutAsJsonAsync("/api/iuv/organizations/55555555555", new { segregationCode = "01" });
        var first = await Allocate("55555555555", 2);
        await _client.PutAsJsonAsync("/api/iuv/organizations/55555555555", new { segregationCode = "02" });
        var other = await Allocate("55555555555", 1);
        await _client.PutAsJsonAsync("/api/iuv/organizations/55555555555", new { segregationCode = "01" });
        var again = await Allocate("55555555555", 1);

        Assert.StartsWith("02", other[0].Iuv, StringComparison.Ordinal);
        Assert.Equal("010000000000002", again[0].Iuv[..15]);
        Assert.DoesNotContain(again[0].Iuv, first.Select(n => n.Iuv));
    }

    private async Task<List<Number>> Allocate(string fc, int count)
    {
        var response = await _client.PostAsJsonAsync($"/api/iuv/organizations/{fc}/iuvs", new { count });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Block>())!.Items;
    }

    internal sealed record Number(string Iuv, string Nav);
    internal sealed record Block(List<Number> Items);
}
