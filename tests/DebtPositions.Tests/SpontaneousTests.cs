using System.Net;
using System.Net.Http.Json;
using Contracts.DebtPositions;
using Contracts.NodeAdapter;
using MassTransit;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// The DebtPositions side of paDemandPaymentNotice: the catalogue and the request/response over the real bus.
public sealed class SpontaneousTests(DebtPositionsApp app) : IClassFixture<DebtPositionsApp>
{
    private const string Donation = "<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\"><amount>25.00</amount><description>biblioteca</description></service>";

    [Fact]
    public async Task A_demand_for_a_catalogue_service_creates_a_valid_position_once_even_when_the_request_is_redelivered()
    {
        var client = app.CreateClient();
        (await client.PutAsJsonAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/spontaneous-services/00001", new
        {
            description = "Donazione", companyName = "Comune di Demo", category = "9/0101108TS/",
            iban = "IT60X0542811101000000123456", amountRule = "from-data", maxAmountCents = 100_000,
        })).EnsureSuccessStatusCode();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var changes = await DebtPositionEvents.ChangesAsync(bus);
        var requests = bus.Bus.CreateRequestClient<CreateSpontaneousPosition>();
        var demand = new CreateSpontaneousPosition(Guid.NewGuid(), DebtPositionsApp.Ec, "00001", "00001", Donation, DateTimeOffset.UtcNow);
        var iupd = $"SPONT-{demand.RequestId:N}";
        var numbersBefore = await NumbersHandedOutAsync();
        var (firstId, againId) = (Guid.NewGuid(), Guid.NewGuid());

        var first = await requests.GetResponse<SpontaneousPositionCreated, SpontaneousPositionRefused>(demand, x => x.UseExecute(c => c.MessageId = firstId));
        Assert.True(first.Is(out Response<SpontaneousPositionCreated>? created), "refused");
        var option = Assert.Single(created!.Message.Position.Options);
        Assert.Equal("VALID", created.Message.Position.Status);
        Assert.Equal(2_500, option.AmountCents);
        Assert.Equal("Donazione - biblioteca", option.Description);
        Assert.Equal(created.Message.Iuv, option.Iuv);
        var queue = (await app.Deliveries.OfAsync(firstId)).Single().Queue;
        await changes.SettleAsync(app.Database);
        var stored = await PositionRows.FingerprintAsync(app.Database, iupd);

        // The station asks again for the same demand (its request timed out, or the message came back).
        var again = await requests.GetResponse<SpontaneousPositionCreated, SpontaneousPositionRefused>(demand, x => x.UseExecute(c => c.MessageId = againId));
        Assert.True(again.Is(out Response<SpontaneousPositionCreated>? repeated));
        Assert.Equal(option.Iuv, repeated!.Message.Iuv);
        Assert.Equal(created.Message.Position.Version, repeated.Message.Position.Version);
        Assert.Null((await app.Deliveries.OfAsync(againId)).Single().Fault);
        await changes.SettleAsync(app.Database);

        Assert.Equal(stored, await PositionRows.FingerprintAsync(app.Database, iupd));
        Assert.Equal(numbersBefore + 1, await NumbersHandedOutAsync());
        Assert.Equal([DebtPositionChanges.Published], changes.Of(iupd).Select(c => c.Change));
        await Deliveries.AssertNothingFaultedOrSkippedAsync(app.VirtualHost, queue);
        var found = await client.GetAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/debtpositions/{iupd}");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    // How far IuvIssuance's counter for the EC has advanced: one per notice number handed out.
    private Task<long> NumbersHandedOutAsync() => app.IuvDatabase.ScalarAsync<long>(
        $"SELECT coalesce(sum(next_base), 0) FROM iuv_issuance.counters WHERE organization_fiscal_code = '{DebtPositionsApp.Ec}'");

    [Theory]
    [InlineData("99999", Donation, "not in the catalogue")]
    [InlineData("00002", "<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\"><amount>5000.00</amount></service>", "out of range")]
    [InlineData("00002", "<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\"><amount>ten</amount></service>", "missing or not in euros")]
    public async Task A_demand_that_cannot_be_served_is_refused_with_PAA_SEMANTICA_and_creates_nothing(string service, string data, string reason)
    {
        var client = app.CreateClient();
        (await client.PutAsJsonAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/spontaneous-services/00002", new
        {
            description = "Offerta", companyName = "Comune di Demo", category = "9/0101108TS/",
            iban = "IT60X0542811101000000123456", maxAmountCents = 100_000,
        })).EnsureSuccessStatusCode();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var requests = bus.Bus.CreateRequestClient<CreateSpontaneousPosition>();
        var demand = new CreateSpontaneousPosition(Guid.NewGuid(), DebtPositionsApp.Ec, service, "00001", data, DateTimeOffset.UtcNow);

        var answer = await requests.GetResponse<SpontaneousPositionCreated, SpontaneousPositionRefused>(demand);
        Assert.True(answer.Is(out Response<SpontaneousPositionRefused>? refused), "created");
        Assert.Equal("PAA_SEMANTICA", refused!.Message.FaultCode);
        Assert.Contains(reason, refused.Message.Description, StringComparison.Ordinal);
        var found = await client.GetAsync($"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/debtpositions/SPONT-{demand.RequestId:N}");
        Assert.Equal(HttpStatusCode.NotFound, found.StatusCode);
    }

    [Fact]
    public async Task A_catalogue_entry_without_its_required_fields_is_a_field_level_400()
    {
        var response = await app.CreateClient().PutAsJsonAsync(
            $"/api/debt-positions/v1/organizations/{DebtPositionsApp.Ec}/spontaneous-services/123", new { amountRule = "fixed" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var field in new[] { "serviceId", "description", "companyName", "category", "iban", "fixedAmountCents" })
            Assert.Contains($"\"{field}\"", body, StringComparison.Ordinal);
    }
}
