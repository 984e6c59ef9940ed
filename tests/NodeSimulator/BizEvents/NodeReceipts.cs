using System.Xml.Linq;

namespace NodeSimulator.BizEvents;

// Every receipt the Node produced, delivered to the station or not: what pagoPA's biz-events service keeps and serves
// to ECs (in memory, like the rest of the simulator).
internal sealed class NodeReceipts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Organization, string Iur, string Iuv), XElement> _receipts = [];

    // Keeps a copy of a ctReceipt/ctReceiptV2 element.
    public void Add(XElement receipt)
    {
        var key = (receipt.Element("fiscalCode")!.Value, receipt.Element("receiptId")!.Value, receipt.Element("creditorReferenceId")!.Value);
        lock (_gate) _receipts[key] = new XElement(receipt);
    }

    public XElement? Find(string organization, string iur, string iuv)
    {
        lock (_gate) return _receipts.GetValueOrDefault((organization, iur, iuv));
    }
}
