using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace DebtPositions.Tests;

// The coercive lineage seen through GPD v3, as v1 shows it: the old position names its successor and the new one its
// predecessor.
public sealed class CoerciveV3LineageTests(CoerciveApp app) : IClassFixture<CoerciveApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_v3_API_shows_the_cancelled_position_reissued_as_its_successor_and_the_successor_reissued_from_it()
    {
        var iupd = Positions.Unique("v3-lineage");
        await _client.CreateAsync(Positions.Position(iupd));
        var untouched = Positions.Unique("v3-plain");
        await _client.CreateAsync(Positions.Position(untouched));

        var response = await Coercive.ReissueAsync(_client, iupd, new { });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var newIupd = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("iupd").GetString()!;
        var (old, successor, plain) = (await ReadV3Async(iupd), await ReadV3Async(newIupd), await ReadV3Async(untouched));
        Assert.Equal(("UNPAYABLE", newIupd, JsonValueKind.Null), (old.Status(), old.GetProperty("reissuedAs").GetString(), old.GetProperty("reissueOf").ValueKind));
        Assert.Equal(("VALID", iupd, JsonValueKind.Null), (successor.Status(), successor.GetProperty("reissueOf").GetString(), successor.GetProperty("reissuedAs").ValueKind));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (plain.GetProperty("reissuedAs").ValueKind, plain.GetProperty("reissueOf").ValueKind));

        var listed = await _client.GetFromJsonAsync<JsonElement>($"{PositionsV3.Base}?page=0&limit=50&status=UNPAYABLE");
        Assert.Contains(listed.GetProperty("payment_position_list").EnumerateArray(),
            p => p.GetProperty("iupd").GetString() == iupd && p.GetProperty("reissuedAs").GetString() == newIupd);
    }

    private async Task<JsonElement> ReadV3Async(string iupd)
    {
        var response = await _client.GetAsync($"{PositionsV3.Base}/{iupd}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
