namespace DebtPositions.Tests;

/// <summary>DebtPositions with a real IuvIssuance (<see cref="IuvBackedApp"/>) and a lifecycle job ticking every second.</summary>
public sealed class DebtPositionsApp : IuvBackedApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
    [
        new("Lifecycle:Interval", "00:00:01"),
    ];
}
