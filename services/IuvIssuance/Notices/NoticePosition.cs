using System.Buffers;
using System.Text;
using System.Text.Json;
using Contracts.DebtPositions;
using ImportChunks;

namespace IuvIssuance.Notices;

/// <summary>
/// The notice data of one debt position, as DebtPositions last published it. DebtPositions owns
/// the data; this is a read model kept to print notices without calling it.
/// </summary>
internal sealed class NoticePosition
{
    private NoticePosition() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iupd { get; private set; } = "";
    /// <summary>Optimistic concurrency token: two deliveries racing on one position cannot both win.</summary>
    public long Version { get; private set; }
    public string Status { get; private set; } = "";
    public DateOnly? FirstDueDate { get; private set; }
    public string Snapshot { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }
    public List<NoticeNav> Navs { get; private set; } = [];

    public static NoticePosition From(DebtPositionSnapshot snapshot, DateTimeOffset now)
    {
        var position = new NoticePosition
        {
            OrganizationFiscalCode = snapshot.OrganizationFiscalCode,
            Iupd = snapshot.Iupd,
            Version = long.MinValue,
        };
        position.Apply(snapshot, now);
        return position;
    }

    /// <summary>Replaces the content with a newer snapshot; an older or equal version changes nothing.</summary>
    public bool Apply(DebtPositionSnapshot snapshot, DateTimeOffset now)
    {
        if (snapshot.Version <= Version) return false;
        Version = snapshot.Version;
        Status = snapshot.Status;
        FirstDueDate = FirstDueDateOf(snapshot);
        Snapshot = SnapshotJson(snapshot);
        ReceivedAt = now;
        var navs = snapshot.Options.Select(o => o.Nav).Where(n => !string.IsNullOrEmpty(n)).ToHashSet(StringComparer.Ordinal);
        Navs.RemoveAll(n => !navs.Contains(n.Nav));
        foreach (var nav in navs.Where(nav => Navs.TrueForAll(n => n.Nav != nav)))
            Navs.Add(new NoticeNav(OrganizationFiscalCode, nav, Iupd));
        return true;
    }

    public DebtPositionSnapshot ToSnapshot() => Read(Snapshot);

    /// <summary>The NAVs of the stored snapshot: exactly the position's rows in notice_navs, which every writer keeps so.</summary>
    public string[] StoredNavs() => NavsOf(Snapshot);

    /// <summary>The NAVs of a stored snapshot column (see <see cref="StoredNavs"/>).</summary>
    public static string[] NavsOf(string storedSnapshot) =>
        [.. Read(storedSnapshot).Options.Select(o => o.Nav).Where(n => !string.IsNullOrEmpty(n))];

    /// <summary>
    /// The snapshot column as every writer stores it (this entity and the bulk consumer): the chunk's table layout for one
    /// position, half the bytes of the plain JSON stored before ADR 0021; <see cref="Read"/> reads both. The bulk
    /// consumer copies the UTF-8 bytes as they are written.
    /// </summary>
    public static void WriteSnapshot(IBufferWriter<byte> output, DebtPositionSnapshot snapshot) =>
        ImportedPositionsJsonConverter.WriteSnapshot(output, snapshot);

    /// <summary><see cref="WriteSnapshot"/> as a string, for EF and the bulk upsert's parameters.</summary>
    public static string SnapshotJson(DebtPositionSnapshot snapshot)
    {
        var json = new ArrayBufferWriter<byte>(512);
        WriteSnapshot(json, snapshot);
        return Encoding.UTF8.GetString(json.WrittenSpan);
    }

    public static DateOnly? FirstDueDateOf(DebtPositionSnapshot snapshot) => snapshot.Options.Count == 0 ? null : snapshot.Options.Min(o => o.DueDate);

    public static DebtPositionSnapshot Read(string json) =>
        json.StartsWith("{\"s\":", StringComparison.Ordinal)
            ? ImportedPositionsJsonConverter.ReadSnapshot(Encoding.UTF8.GetBytes(json))
            : JsonSerializer.Deserialize<DebtPositionSnapshot>(json, JsonSerializerOptions.Web)!;
}

/// <summary>One notice number of a position, for lookup by NAV.</summary>
internal sealed class NoticeNav(string organizationFiscalCode, string nav, string iupd)
{
    public string OrganizationFiscalCode { get; private set; } = organizationFiscalCode;
    public string Nav { get; private set; } = nav;
    public string Iupd { get; private set; } = iupd;
}
