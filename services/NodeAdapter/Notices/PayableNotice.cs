using System.Data.Common;
using System.Text.Json;
using Contracts.DebtPositions;
using ImportChunks;

namespace NodeAdapter.Notices;

/// <summary>
/// One payable notice (payment option) as the station needs it to answer verify and get payment
/// without asking anyone: the last position snapshot seen for it, by version.
/// </summary>
internal sealed class PayableNotice
{
    private PayableNotice() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string Nav { get; private set; } = "";
    public string Iupd { get; private set; } = "";
    public long PositionVersion { get; private set; }
    public long ContentVersion { get; private set; }
    public string PositionStatus { get; private set; } = "";
    public string OptionStatus { get; private set; } = "";
    public bool IsPartialPayment { get; private set; }
    public DateTimeOffset? ValidityDate { get; private set; }
    public long AmountCents { get; private set; }
    public string Description { get; private set; } = "";
    public DateOnly DueDate { get; private set; }
    public DateTimeOffset? RetentionDate { get; private set; }
    public string CompanyName { get; private set; } = "";
    public string? OfficeName { get; private set; }
    public string Debtor { get; private set; } = "{}";
    public string Transfers { get; private set; } = "[]";
    public string Metadata { get; private set; } = "{}";
    public DateTimeOffset UpdatedAt { get; private set; }

    public static PayableNotice Create(DebtPositionSnapshot position, PaymentOptionSnapshot option, DateTimeOffset now)
    {
        var notice = new PayableNotice { OrganizationFiscalCode = position.OrganizationFiscalCode, Iuv = option.Iuv };
        notice.Apply(position, option, now);
        return notice;
    }

    /// <summary>The first 20 columns of <see cref="NoticeLookup"/>'s statement, in the table's column order.</summary>
    public static PayableNotice FromRow(DbDataReader row) => new()
    {
        OrganizationFiscalCode = row.GetString(0),
        Iuv = row.GetString(1),
        Nav = row.GetString(2),
        Iupd = row.GetString(3),
        PositionVersion = row.GetInt64(4),
        ContentVersion = row.GetInt64(5),
        PositionStatus = row.GetString(6),
        OptionStatus = row.GetString(7),
        IsPartialPayment = row.GetBoolean(8),
        ValidityDate = row.IsDBNull(9) ? null : row.GetFieldValue<DateTimeOffset>(9),
        AmountCents = row.GetInt64(10),
        Description = row.GetString(11),
        DueDate = row.GetFieldValue<DateOnly>(12),
        RetentionDate = row.IsDBNull(13) ? null : row.GetFieldValue<DateTimeOffset>(13),
        CompanyName = row.GetString(14),
        OfficeName = row.IsDBNull(15) ? null : row.GetString(15),
        Debtor = row.GetString(16),
        Transfers = row.GetString(17),
        Metadata = row.GetString(18),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(19),
    };

    /// <summary>Takes the snapshot when it is newer than what we hold; false when it is stale.</summary>
    public bool Apply(DebtPositionSnapshot position, PaymentOptionSnapshot option, DateTimeOffset now)
    {
        if (PositionVersion != 0 && position.Version <= PositionVersion) return false;
        var transfers = TransfersJson(option);
        if (PositionVersion == 0 || option.AmountCents != AmountCents || !SameTransfers(Transfers, transfers)) ContentVersion = position.Version;
        Nav = option.Nav;
        Iupd = position.Iupd;
        PositionVersion = position.Version;
        PositionStatus = position.Status;
        OptionStatus = option.Status;
        IsPartialPayment = option.IsPartialPayment;
        ValidityDate = position.ValidityDate;
        AmountCents = option.AmountCents;
        Description = option.Description;
        DueDate = option.DueDate;
        RetentionDate = option.RetentionDate;
        CompanyName = position.CompanyName;
        OfficeName = position.OfficeName;
        Debtor = DebtorJson(position, option);
        Transfers = transfers;
        Metadata = MetadataJson(option);
        UpdatedAt = now;
        (_parsedDebtor, _parsedTransfers, _parsedMetadata) = (null, null, null);
        return true;
    }

    // By meaning, not by text: a row written by an earlier release (jsonb's own layout, or with nulls) holds the same
    // transfers in other words, and a false "changed" would void amount schedules computed for this content.
    private static bool SameTransfers(string stored, string written) =>
        stored == written || TransfersJson(Parse(stored)) == TransfersJson(Parse(written));

    private static IReadOnlyList<TransferSnapshot> Parse(string transfers) =>
        JsonSerializer.Deserialize<List<TransferSnapshot>>(transfers, JsonSerializerOptions.Web)!;

    private static string TransfersJson(IReadOnlyList<TransferSnapshot> transfers) =>
        JsonSerializer.Serialize(transfers, SnapshotJsonContext.Default.IReadOnlyListTransferSnapshot);

    // The JSON columns as every writer stores them (this entity, and the bulk consumer's COPY and upsert): the upsert
    // compares transfers, and the station parses all three back.
    public static string DebtorJson(DebtPositionSnapshot position, PaymentOptionSnapshot option) =>
        JsonSerializer.Serialize(option.Debtor ?? position.Debtor, SnapshotJsonContext.Default.DebtorSnapshot);

    public static string TransfersJson(PaymentOptionSnapshot option) => TransfersJson(option.Transfers);

    public static string MetadataJson(PaymentOptionSnapshot option) =>
        JsonSerializer.Serialize(option.Metadata, SnapshotJsonContext.Default.IReadOnlyDictionaryStringString);

    /// <summary>The option disappeared from a newer version of its position: nobody may pay it any more.</summary>
    public bool Withdraw(long version, DateTimeOffset now)
    {
        if (version <= PositionVersion) return false;
        PositionVersion = version;
        PositionStatus = NoticeStatus.Withdrawn;
        UpdatedAt = now;
        return true;
    }

    // Parsed once per instance: a cached notice (NoticeCache) answers many calls with the same JSON.
    // Read-only once built; Apply, which changes the JSON, drops them. Not EF-mapped (no matching property).
    private DebtorSnapshot? _parsedDebtor;
    private IReadOnlyList<TransferSnapshot>? _parsedTransfers;
    private IReadOnlyDictionary<string, string>? _parsedMetadata;

    public DebtorSnapshot GetDebtor() => _parsedDebtor ??= JsonSerializer.Deserialize<DebtorSnapshot>(Debtor, JsonSerializerOptions.Web)!;

    public IReadOnlyList<TransferSnapshot> GetTransfers() =>
        _parsedTransfers ??= JsonSerializer.Deserialize<List<TransferSnapshot>>(Transfers, JsonSerializerOptions.Web)!.AsReadOnly();

    public IReadOnlyDictionary<string, string> GetMetadata() =>
        _parsedMetadata ??= JsonSerializer.Deserialize<Dictionary<string, string>>(Metadata, JsonSerializerOptions.Web)!.AsReadOnly();
}
