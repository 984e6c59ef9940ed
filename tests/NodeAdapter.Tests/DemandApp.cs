using NodeAdapter.Station;
namespace NodeAdapter.Tests;

// The station offering the general service (00001) and the car tax (00002) as spontaneous payments.
public sealed class DemandApp : NodeAdapterApp
{
    public const string GeneralService = "00001";
    public const string CarTax = "00002";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new($"Station:SpontaneousServices:{GeneralService}", "general-service.xsd"),
        new($"Station:SpontaneousServices:{CarTax}", "TassaAutomobilistica_1_1_0.xsd"),
        new("Station:DemandTimeout", "00:00:02"),
    ];
}
