namespace Actualisation;

// The highest version of a debt position this service has processed.
internal sealed class PositionSeen
{
    private PositionSeen() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iupd { get; private set; } = "";
    public long Version { get; private set; }
    public string Status { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint RowVersion { get; private set; }

    public static PositionSeen First(string organizationFiscalCode, string iupd, long version, string status, DateTimeOffset now) =>
        new() { OrganizationFiscalCode = organizationFiscalCode, Iupd = iupd, Version = version, Status = status, UpdatedAt = now };

    // Moves to version; false when it is not newer (a duplicate or a late, older event).
    public bool Advance(long version, string status, DateTimeOffset now)
    {
        if (version <= Version) return false;
        (Version, Status, UpdatedAt) = (version, status, now);
        return true;
    }
}
