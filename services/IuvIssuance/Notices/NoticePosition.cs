using System.Buffers;
using System.Text;
using System.Text.Json;
using Contracts.DebtPositions;
using ImportChunks;

namespace IuvIssuance.Notices;

// The notice data of one debt position, as DebtPositions last published it. DebtPositions owns the data; this is a
// read model kept to print notices without calling it. Written by NoticeProjection only.
internal sealed class NoticePosition
{
    private NoticePosition() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iupd { get; private set; } = "";
    public long Version { get; private set; }
    public string Status { get; private set; } = "";
    public DateOnly? FirstDueDate { get; private set; }
    public string Snapshot { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }

    public DebtPositionSnapshot ToSnapshot() => Read(Snapshot);

    // The NAVs of a stored snapshot column: exactly the position's rows in notice_navs, which the projection keeps
    // so.
    public static string[] NavsOf(string storedSnapshot) => [.. NoticeTables.NavsOf(Read(storedSnapshot))];

    // The snapshot column as the projection stores it: the snapshot's plain JSON, nulls left out (ADR 0041). Read
    // also reads the compact form stored between ADRs 0021 and 0041.
    public static void WriteSnapshot(IBufferWriter<byte> output, DebtPositionSnapshot snapshot)
    {
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, snapshot, SnapshotJsonContext.Default.DebtPositionSnapshot);
    }

    public static DebtPositionSnapshot Read(string json) =>
        json.StartsWith("{\"s\":", StringComparison.Ordinal)
            ? ImportedPositionsJsonConverter.ReadSnapshot(Encoding.UTF8.GetBytes(json))
            : JsonSerializer.Deserialize<DebtPositionSnapshot>(json, JsonSerializerOptions.Web)!;
}

// One notice number of a position, for lookup by NAV.
internal sealed class NoticeNav
{
    private NoticeNav() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Nav { get; private set; } = "";
    public string Iupd { get; private set; } = "";
}
