using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.DebtPositions;
using Contracts.NodeAdapter;
using MassTransit;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// Catalogue entries that describe their own input (ADR 0091): checked against the service schema on PUT, announced to
// the station, and read per entry when a demand comes.
public sealed class SpontaneousCatalogueTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string CarTaxNamespace = "http://PuntoAccessoPSP.spcoop.gov.it/TassaAuto";

    private static object CarTax(object[] fields, string? descriptionTemplate = "targa {veicoloConTarga/veicoloTarga} ({veicoloConTarga/tipoVeicoloTarga})") => new
    {
        description = "Tassa automobilistica", companyName = "Comune di Demo", category = "9/0101108TS/",
        iban = "IT60X0542811101000000123456", amountRule = "fixed", fixedAmountCents = 12_000,
        schema = "TassaAutomobilistica_1_1_0.xsd", fields, descriptionTemplate,
    };

    private static readonly object Plate = new { element = "veicoloConTarga/veicoloTarga", label = "Targa", labelEn = "Plate", kind = "plate", required = true };
    private static readonly object VehicleType = new
    {
        element = "veicoloConTarga/tipoVeicoloTarga", label = "Tipo di veicolo", kind = "choice", required = true,
        choices = new[] { new { value = "1", label = "autoveicolo" }, new { value = "4", label = "motoveicolo" } },
    };

    private async Task<Dictionary<string, string[]>> ProblemsOfAsync(string serviceId, object body)
    {
        var response = await app.CreateClient().PutAsJsonAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/spontaneous-services/{serviceId}", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    [Fact]
    public async Task A_field_for_an_element_the_schema_lacks_or_a_required_element_without_a_field_is_a_field_level_400()
    {
        var unknown = await ProblemsOfAsync("00031", CarTax([Plate, VehicleType, new { element = "veicoloConTarga/colore", label = "Colore", kind = "text" }]));
        Assert.Contains("has no element veicoloConTarga/colore", Assert.Single(unknown["fields[2].element"]), StringComparison.Ordinal);

        var missing = await ProblemsOfAsync("00031", CarTax([Plate], descriptionTemplate: null));
        Assert.Contains("requires element veicoloConTarga/tipoVeicoloTarga", Assert.Single(missing["fields"]), StringComparison.Ordinal);

        var stray = await ProblemsOfAsync("00031", CarTax([Plate, new
        {
            element = "veicoloConTarga/tipoVeicoloTarga", label = "Tipo", kind = "choice", required = true,
            choices = new[] { new { value = "9", label = "astronave" } },
        }], descriptionTemplate: "{veicoloConTarga/telaio}"));
        Assert.Contains("9 is not one of the schema's values: 1, 2, 4", Assert.Single(stray["fields[1].choices"]), StringComparison.Ordinal);
        Assert.Contains("{veicoloConTarga/telaio} is not the element of a field", Assert.Single(stray["descriptionTemplate"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"description":"x","companyName":"x","category":"9/0101108TS/","iban":"IT60X0542811101000000123456","schema":"../../etc/passwd"}""", "schema")]
    [InlineData("""{"description":"x","companyName":"x","category":"9/0101108TS/","iban":"IT60X0542811101000000123456","amountElement":"importo","fields":[{"element":"importo","label":"Importo","kind":"amount","pattern":"(a+)+[","maxLength":100000}]}""", "fields[0].pattern")]
    [InlineData("""{"description":"x","companyName":"x","category":"9/0101108TS/","iban":"IT60X0542811101000000123456","amountElement":"importo","fields":[{"element":"../importo","label":"Importo","kind":"amount"}]}""", "fields[0].element")]
    [InlineData("""{"description":"x","companyName":"x","category":"9/0101108TS/","iban":"IT60X0542811101000000123456","fields":[null]}""", "fields[0]")]
    [InlineData("""{"description":"x","companyName":"x","category":"9/0101108TS/","iban":"IT60X0542811101000000123456","amountElement":"causale","fields":[{"element":"causale","label":"Causale","kind":"text"}]}""", "amountElement")]
    public async Task Hostile_or_inconsistent_field_descriptions_are_a_400_naming_the_member(string json, string member)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await app.CreateClient().PutAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/spontaneous-services/00032", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(member, out _), errors.ToString());
    }

    [Fact]
    public async Task A_car_tax_entry_is_announced_to_the_station_and_its_demand_makes_a_fixed_amount_position_described_by_its_template()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var announced = await bus.ObserveAsync<SpontaneousServiceDefined>();
        var put = await app.CreateClient().PutAsJsonAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/spontaneous-services/00033", CarTax([VehicleType, Plate]));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var entry = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("tassaAuto", CarTaxNamespace), (entry.GetProperty("schemaRoot").GetString(), entry.GetProperty("schemaNamespace").GetString()));
        // Kept in the schema's order, which is the order the station's xs:sequence checks.
        Assert.Equal(["veicoloConTarga/tipoVeicoloTarga", "veicoloConTarga/veicoloTarga"],
            entry.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("element").GetString()));
        var definition = await announced.WaitForAsync(d => d.OrganizationFiscalCode == DebtPositionsApp.Ec && d.ServiceId == "00033");
        Assert.Equal("TassaAutomobilistica_1_1_0.xsd", definition.Schema);

        var requests = bus.Bus.CreateRequestClient<CreateSpontaneousPosition>();
        var data = $"<tassaAuto xmlns=\"{CarTaxNamespace}\"><veicoloConTarga><tipoVeicoloTarga>4</tipoVeicoloTarga><veicoloTarga>AB123CD</veicoloTarga></veicoloConTarga></tassaAuto>";
        var answer = await requests.GetResponse<SpontaneousPositionCreated, SpontaneousPositionRefused>(
            new CreateSpontaneousPosition(Guid.NewGuid(), DebtPositionsApp.Ec, "00033", "00001", data, DateTimeOffset.UtcNow));

        Assert.True(answer.Is(out Response<SpontaneousPositionCreated>? created), "refused");
        var option = Assert.Single(created!.Message.Position.Options);
        Assert.Equal(12_000, option.AmountCents);
        Assert.Equal("Tassa automobilistica - targa AB123CD (motoveicolo)", option.Description);
    }

    [Fact]
    public async Task A_general_service_entry_takes_the_stated_amount_from_the_element_it_names()
    {
        var client = app.CreateClient();
        (await client.PutAsJsonAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/spontaneous-services/00034", new
        {
            description = "Certificato", companyName = "Comune di Demo", category = "9/0101108TS/",
            iban = "IT60X0542811101000000123456", amountRule = "from-data", maxAmountCents = 10_000,
            amountElement = "diritti", descriptionTemplate = "uso {uso} del {data}",
            fields = new object[]
            {
                new { element = "data", label = "Data", kind = "date", required = true },
                new { element = "uso", label = "Uso", kind = "choice", required = true, choices = new[] { new { value = "B", label = "bollo" } } },
                new { element = "diritti", label = "Diritti", kind = "amount", required = true },
            },
        })).EnsureSuccessStatusCode();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var requests = bus.Bus.CreateRequestClient<CreateSpontaneousPosition>();
        var data = "<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\"><data>2026-12-07</data><uso>B</uso><diritti>16.50</diritti><amount>99.00</amount></service>";

        var answer = await requests.GetResponse<SpontaneousPositionCreated, SpontaneousPositionRefused>(
            new CreateSpontaneousPosition(Guid.NewGuid(), DebtPositionsApp.Ec, "00034", "00001", data, DateTimeOffset.UtcNow));

        Assert.True(answer.Is(out Response<SpontaneousPositionCreated>? created), "refused");
        var option = Assert.Single(created!.Message.Position.Options);
        Assert.Equal(1_650, option.AmountCents);
        Assert.Equal("Certificato - uso bollo del 2026-12-07", option.Description);
    }
}
