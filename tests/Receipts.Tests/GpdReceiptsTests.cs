using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;

namespace Receipts.Tests;

public sealed class GpdReceiptsTests(ReceiptsApp app) : IClassFixture<ReceiptsApp>
{
    private const string Ec = "13131313131";
    private static readonly JsonElement Spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", "gpd_payments.json"))).RootElement;
    // GPD's ReceiptModelResponse (pagopa-gpd-payments): the spec leaves the items as "object".
    private static readonly string[] ReceiptFields = ["organizationFiscalCode", "iuv", "debtor", "paymentDateTime", "status"];

    private async Task<HttpClient> ArchivedAsync()
    {
        await using var bus = await SampleReceipts.BusAsync(app);
        await bus.PublishAsync(SampleReceipts.Receipt(Ec, "rcpt-gpd-1", "01000000000001311", debtor: "RSSMRA80A01H501U"));
        await bus.PublishAsync(SampleReceipts.Receipt(Ec, "rcpt-gpd-2", "02000000000001312", debtor: "RSSMRA80A01H501U"));
        await bus.PublishAsync(SampleReceipts.Receipt(Ec, "rcpt-gpd-3", "01000000000001313", debtor: "BNCGNN70C03L219Y") with
        {
            PaymentDateTime = new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.FromHours(1)),
        });
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM receipts.receipts WHERE organization_fiscal_code = '{Ec}'") == 3, TimeSpan.FromSeconds(20), "receipts archived");
        return app.CreateClient();
    }

    [Fact]
    public async Task The_receipts_list_answers_GPDs_PaymentsResult_with_its_filters_and_paging()
    {
        var client = await ArchivedAsync();
        var response = await client.GetAsync($"/payments/{Ec}/receipts?pageSize=2");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();

        var schema = Spec.GetProperty("components").GetProperty("schemas").GetProperty("PaymentsResult").GetProperty("properties");
        Assert.Equal(schema.EnumerateObject().Select(p => p.Name).Order(), page.EnumerateObject().Select(p => p.Name).Order());
        foreach (var property in schema.EnumerateObject())
            Assert.Equal(property.Value.GetProperty("type").GetString(), JsonType(page.GetProperty(property.Name)));
        Assert.Equal((0, 2, 2), (page.GetProperty("currentPageNumber").GetInt32(), page.GetProperty("length").GetInt32(), page.GetProperty("totalPages").GetInt32()));
        var first = page.GetProperty("results")[0];
        Assert.Equal(ReceiptFields.Order(), first.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal((Ec, "01000000000001311", "RSSMRA80A01H501U", "2026-11-20T10:15:30", "PAID"),
            (first.GetProperty("organizationFiscalCode").GetString(), first.GetProperty("iuv").GetString(), first.GetProperty("debtor").GetString(),
                first.GetProperty("paymentDateTime").GetString(), first.GetProperty("status").GetString()));

        var second = await client.GetFromJsonAsync<JsonElement>($"/payments/{Ec}/receipts?pageSize=2&pageNum=1");
        Assert.Equal(["02000000000001312"], Iuvs(second));
        Assert.Equal(["01000000000001311", "02000000000001312"], Iuvs(await client.GetFromJsonAsync<JsonElement>($"/payments/{Ec}/receipts?debtor=RSSMRA80A01H501U")));
        Assert.Equal(["01000000000001311", "01000000000001313"], Iuvs(await client.GetFromJsonAsync<JsonElement>($"/payments/{Ec}/receipts?service=01")));
        Assert.Equal(["02000000000001312"], Iuvs(await client.GetFromJsonAsync<JsonElement>($"/payments/{Ec}/receipts?segregationCodes=02,03")));
        Assert.Equal(["01000000000001313"], Iuvs(await client.GetFromJsonAsync<JsonElement>($"/payments/{Ec}/receipts?debtorOrIuv=BNC")));
        Assert.Equal(["01000000000001311", "01000000000001313"], Iuvs(await client.GetFromJsonAsync<JsonElement>($"/payments/{Ec}/receipts?debtorOrIuv=0100000000000131")));
        Assert.Equal(["01000000000001313"], Iuvs(await client.GetFromJsonAsync<JsonElement>($"/payments/{Ec}/receipts?from=2026-12-01&to=2026-12-01")));

        await AssertProblem(await client.GetAsync($"/payments/{Ec}/receipts?debtor=NOBODY"), HttpStatusCode.NotFound);
        await AssertProblem(await client.GetAsync($"/payments/{Ec}/receipts?pageSize=2&pageNum=2"), HttpStatusCode.BadRequest);
        await AssertProblem(await client.GetAsync($"/payments/{Ec}/receipts?pageSize=101"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task One_receipt_by_IUV_is_the_receipt_XML_as_the_Node_sent_it()
    {
        var client = await ArchivedAsync();
        var operation = Spec.GetProperty("paths").GetProperty("/payments/{organizationfiscalcode}/receipts/{iuv}").GetProperty("get").GetProperty("responses");
        Assert.True(operation.GetProperty("200").GetProperty("content").TryGetProperty("application/xml", out _));

        var response = await client.GetAsync($"/payments/{Ec}/receipts/01000000000001311");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SampleReceipts.Receipt(Ec, "rcpt-gpd-1", "01000000000001311").ReceiptXml, await response.Content.ReadAsStringAsync());

        await AssertProblem(await client.GetAsync($"/payments/{Ec}/receipts/01999999999999999"), HttpStatusCode.NotFound);
        await AssertProblem(await client.GetAsync($"/payments/{Ec}/receipts/01000000000001311?segregationCodes=02"), HttpStatusCode.Forbidden);
    }

    // GPD's ProblemJson: title, status, detail.
    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var schema = Spec.GetProperty("components").GetProperty("schemas").GetProperty("ProblemJson").GetProperty("properties");
        foreach (var property in schema.EnumerateObject()) Assert.True(problem.TryGetProperty(property.Name, out _), $"{property.Name} missing");
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
    }

    private static string[] Iuvs(JsonElement page) =>
        page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("iuv").GetString()!).ToArray();

    private static string JsonType(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => "integer",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.String => "string",
        _ => e.ValueKind.ToString(),
    };
}
