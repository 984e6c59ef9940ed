using System.Net;
using System.Net.Http.Json;
using System.Text;
using Xunit;

namespace Gateway.Tests;

// Only the bulk import upload gets a large body limit (512 MiB); every other API route keeps 1 MiB.
public sealed class BulkImportRouteTests(GatewayApp app) : IClassFixture<GatewayApp>
{
    [Fact]
    public async Task A_large_upload_reaches_the_import_route_and_the_same_body_elsewhere_is_413()
    {
        var client = app.Keyed();
        var body = new string('x', 3 * 1024 * 1024);

        var upload = await client.PostAsync("/api/debt-positions/v1/organizations/77777777777/imports?toPublish=true",
            new StringContent(body, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(body.Length, (await upload.Content.ReadFromJsonAsync<Echo>())!.BodyLength);

        var create = await client.PostAsync("/api/debt-positions/v1/organizations/77777777777/debtpositions",
            new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, create.StatusCode);
    }
}
