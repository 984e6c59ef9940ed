using NodeAdapter;
using Testing;

namespace NodeAdapter.Tests;

// The NodeAdapter on its own database and vhost, registered as the demo station.
public class NodeAdapterApp() : ServiceFactory<Program>(NodeAdapterDb.Schema, typeof(NodeAdapterDb).Assembly)
{
    public const string Organization = "77777777777";
    public const string SecondOrganization = "77777777778";
    public const string BrokerId = "77777777777";
    public const string StationId = "77777777777_01";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Station:BrokerId", BrokerId),
        new("Station:StationId", StationId),
        new("Station:Organizations:0", Organization),
        new("Station:Organizations:1", SecondOrganization),
        new("Station:MaxRequestBytes", "65536"),
        .. ExtraSettings(),
    ];

    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [];
}
