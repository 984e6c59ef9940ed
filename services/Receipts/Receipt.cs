using System.Text.Json;
using Contracts.NodeAdapter;

namespace Receipts;

// A receipt in the legal archive. Immutable once recorded.
internal sealed class Receipt
{
    private Receipt() { }

    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string ReceiptId { get; private set; } = "";
    public string NoticeNumber { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public long AmountCents { get; private set; }
    public DateTimeOffset PaymentDateTime { get; private set; }
    public string PspId { get; private set; } = "";
    public string DebtorFiscalCode { get; private set; } = "";
    public bool StandIn { get; private set; }
    // The receipt exactly as the NodeAdapter published it.
    public string Payload { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    // The paSendRT/paSendRTV2 request element as the Node sent it, when the event carried it.
    public string? ReceiptXml { get; private set; }

    public static Receipt Record(ReceiptReceived received, DateTimeOffset now) => new()
    {
        OrganizationFiscalCode = received.OrganizationFiscalCode,
        ReceiptId = received.ReceiptId,
        NoticeNumber = received.NoticeNumber,
        Iuv = received.Iuv,
        AmountCents = received.AmountCents,
        PaymentDateTime = received.PaymentDateTime,
        PspId = received.PspId,
        DebtorFiscalCode = received.DebtorFiscalCode,
        StandIn = received.StandIn,
        // The XML is kept in its own column, not twice.
        Payload = JsonSerializer.Serialize(received with { ReceiptXml = null }, JsonSerializerOptions.Web),
        ReceiptXml = received.ReceiptXml,
        RecordedAt = now,
    };

    public ReceiptReceived ToReceived() => JsonSerializer.Deserialize<ReceiptReceived>(Payload, JsonSerializerOptions.Web)!;
}
