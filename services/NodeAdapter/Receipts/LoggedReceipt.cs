using System.Text.Json;
using Contracts.NodeAdapter;

namespace NodeAdapter.Receipts;

// A receipt as the Node delivered it (raw XML) and as we understood it (the event we publish). Written before the
// Node is answered OK; never updated.
internal sealed class LoggedReceipt
{
    private LoggedReceipt() { }

    public long Id { get; private set; }
    // The EC the receipt was sent to (idPA): with the receipt id, the key of a delivery.
    public string OrganizationFiscalCode { get; private set; } = "";
    public string ReceiptId { get; private set; } = "";
    // The EC owning the notice (receipt/fiscalCode).
    public string NoticeFiscalCode { get; private set; } = "";
    public string NoticeNumber { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string? Iupd { get; private set; }
    // It paid a single-payment option: the whole position is settled.
    public bool SettlesPosition { get; private set; }
    public string Outcome { get; private set; } = "";
    public long AmountCents { get; private set; }
    public DateTimeOffset PaymentDateTime { get; private set; }
    public bool StandIn { get; private set; }
    public string SoapVersion { get; private set; } = "";
    public string? Anomaly { get; private set; }
    public string RawXml { get; private set; } = "";
    public string Receipt { get; private set; } = "";
    public DateTimeOffset ReceivedAt { get; private set; }

    public static LoggedReceipt Log(ReceiptReceived receipt, string noticeFiscalCode, string? iupd, bool settlesPosition, string rawXml) => new()
    {
        OrganizationFiscalCode = receipt.OrganizationFiscalCode,
        ReceiptId = receipt.ReceiptId,
        NoticeFiscalCode = noticeFiscalCode,
        NoticeNumber = receipt.NoticeNumber,
        Iuv = receipt.Iuv,
        Iupd = iupd,
        SettlesPosition = settlesPosition,
        Outcome = receipt.Outcome,
        AmountCents = receipt.AmountCents,
        PaymentDateTime = receipt.PaymentDateTime,
        StandIn = receipt.StandIn,
        SoapVersion = receipt.SoapVersion,
        Anomaly = receipt.Anomaly,
        RawXml = rawXml,
        Receipt = JsonSerializer.Serialize(receipt, JsonSerializerOptions.Web),
        ReceivedAt = receipt.OccurredAt,
    };

    public ReceiptReceived ToReceived() => JsonSerializer.Deserialize<ReceiptReceived>(Receipt, JsonSerializerOptions.Web)!;
}
