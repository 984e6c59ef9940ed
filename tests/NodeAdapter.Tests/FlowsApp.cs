namespace NodeAdapter.Tests;

// The NodeAdapter polling a FakeFdr (REST) and a FakeNodo (legacy SOAP, one EC) every second. The fakes' loopback
// listeners live as long as the test process (ServiceFactory owns the fixture's disposal).
public sealed class FlowsApp : NodeAdapterApp
{
    // An EC served by this station whose flows come through the legacy SOAP interface.
    public const string LegacyOrganization = "77777777779";

    internal FakeFdr Fdr { get; private set; } = null!;
    internal FakeNodo Nodo { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Fdr = await FakeFdr.StartAsync();
        Nodo = await FakeNodo.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Fdr:BaseUrl", Fdr.BaseUrl),
        new("Fdr:PollInterval", "00:00:01"),
        new("Fdr:RetrySlot", "00:00:01"),
        new("Fdr:MaxAttempts", "3"),
        new("Station:Organizations:2", LegacyOrganization),
        new($"Fdr:Sources:{LegacyOrganization}", "soap"),
        new("Fdr:Soap:Url", Nodo.Url),
        new("Fdr:Soap:Password", FakeNodo.Password),
    ];
}
