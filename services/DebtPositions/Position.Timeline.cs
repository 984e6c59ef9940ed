namespace DebtPositions;

// Entries of a position's history that change nothing in it (a reminder sent): no new version, nothing published.
internal sealed partial class Position
{
    public void Note(string change, string cause, string? detail, DateTimeOffset at) =>
        _history.Add(PositionHistory.Of(Version, change, Status, Status, cause, detail, at));
}
