namespace NodeAdapter.Tests;

// The station behind real Kestrel instead of TestServer (body limits and chunked bodies behave as in production only
// there), with the production body limit: deep nesting must be refused by depth, not size.
public sealed class StationOnKestrel : NodeAdapterApp
{
    public StationOnKestrel() => UseKestrel(0);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("Station:MaxRequestBytes", "524288")];
}
