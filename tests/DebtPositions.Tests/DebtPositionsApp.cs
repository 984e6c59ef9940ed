namespace DebtPositions.Tests;

// DebtPositions with a real IuvIssuance (IuvBackedApp) and a lifecycle job ticking every second.
public sealed class DebtPositionsApp : IuvBackedApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
    [
        new("Lifecycle:Interval", "00:00:01"),
    ];
}
