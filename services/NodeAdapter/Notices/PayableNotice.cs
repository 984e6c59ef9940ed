using System.Data.Common;
using System.Text.Json;
using Contracts.DebtPositions;

namespace NodeAdapter.Notices;

// One payable notice (payment option) as the station needs it to answer verify and get payment without asking anyone:
// the last position snapshot seen for it, by version. Written by NoticeProjection only.
internal sealed class PayableNotice
{
    private PayableNotice() { }

    public string OrganizationFiscalCode { get; private init; } = "";
    public string Iuv { get; private init; } = "";
    public string Nav { get; private init; } = "";
    public string Iupd { get; private init; } = "";
    public long PositionVersion { get; private init; }
    public long ContentVersion { get; private init; }
    public string PositionStatus { get; private init; } = "";
    public string OptionStatus { get; private init; } = "";
    public bool IsPartialPayment { get; private init; }
    public DateTimeOffset? ValidityDate { get; private init; }
    public long AmountCents { get; private init; }
    public string Description { get; private init; } = "";
    public DateOnly DueDate { get; private init; }
    public DateTimeOffset? RetentionDate { get; private init; }
    public string CompanyName { get; private init; } = "";
    public string? OfficeName { get; private init; }
    public string Debtor { get; private init; } = "{}";
    public string Transfers { get; private init; } = "[]";
    public string Metadata { get; private init; } = "{}";
    public DateTimeOffset UpdatedAt { get; private init; }

    // A row whose first columns are NoticeTable's, in its order.
    public static PayableNotice FromRow(DbDataReader row) => new()
    {
        OrganizationFiscalCode = row.GetString(NoticeTable.OrganizationFiscalCode),
        Iuv = row.GetString(NoticeTable.Iuv),
        Nav = row.GetString(NoticeTable.Nav),
        Iupd = row.GetString(NoticeTable.Iupd),
        PositionVersion = row.GetInt64(NoticeTable.PositionVersion),
        ContentVersion = row.GetInt64(NoticeTable.ContentVersion),
        PositionStatus = row.GetString(NoticeTable.PositionStatus),
        OptionStatus = row.GetString(NoticeTable.OptionStatus),
        IsPartialPayment = row.GetBoolean(NoticeTable.IsPartialPayment),
        ValidityDate = row.IsDBNull(NoticeTable.ValidityDate) ? null : row.GetFieldValue<DateTimeOffset>(NoticeTable.ValidityDate),
        AmountCents = row.GetInt64(NoticeTable.AmountCents),
        Description = row.GetString(NoticeTable.Description),
        DueDate = row.GetFieldValue<DateOnly>(NoticeTable.DueDate),
        RetentionDate = row.IsDBNull(NoticeTable.RetentionDate) ? null : row.GetFieldValue<DateTimeOffset>(NoticeTable.RetentionDate),
        CompanyName = row.GetString(NoticeTable.CompanyName),
        OfficeName = row.IsDBNull(NoticeTable.OfficeName) ? null : row.GetString(NoticeTable.OfficeName),
        Debtor = row.GetString(NoticeTable.Debtor),
        Transfers = row.GetString(NoticeTable.Transfers),
        Metadata = row.GetString(NoticeTable.Metadata),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(NoticeTable.UpdatedAt),
    };

    // Parsed once per instance: a cached notice (NoticeCache) answers many calls with the same JSON, which never
    // changes once read.
    private DebtorSnapshot? _parsedDebtor;
    private IReadOnlyList<TransferSnapshot>? _parsedTransfers;
    private IReadOnlyDictionary<string, string>? _parsedMetadata;

    public DebtorSnapshot GetDebtor() => _parsedDebtor ??= JsonSerializer.Deserialize<DebtorSnapshot>(Debtor, JsonSerializerOptions.Web)!;

    public IReadOnlyList<TransferSnapshot> GetTransfers() =>
        _parsedTransfers ??= JsonSerializer.Deserialize<List<TransferSnapshot>>(Transfers, JsonSerializerOptions.Web)!.AsReadOnly();

    public IReadOnlyDictionary<string, string> GetMetadata() =>
        _parsedMetadata ??= JsonSerializer.Deserialize<Dictionary<string, string>>(Metadata, JsonSerializerOptions.Web)!.AsReadOnly();
}
