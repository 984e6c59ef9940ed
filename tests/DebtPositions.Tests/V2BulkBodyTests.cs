using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace DebtPositions.Tests;

// GPD v2's bulk create and update read each position of the body once, and a hostile body gets a 400, never a 5xx.
public sealed class V2BulkBodyTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string V2Base = $"/api/debt-positions/v2/organizations/{DebtPositionsApp.Ec}/debtpositions";

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task A_null_among_the_positions_is_a_400_naming_its_index_and_nothing_is_written(string method)
    {
        var client = app.CreateClient();
        var iupd = Positions.Unique("v2-null");
        var body = new JsonObject { ["paymentPositions"] = new JsonArray(Positions.PayableGpdSample(iupd), null) };

        var answer = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), V2Base)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var errors = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("paymentPositions[1]", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Positions.Base}/{iupd}")).StatusCode);
    }
}
