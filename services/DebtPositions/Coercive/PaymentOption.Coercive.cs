using System.Globalization;
using System.Text.Json;

namespace DebtPositions;

internal sealed partial class PaymentOption
{
    // Metadata naming the transfer that carries the coercive charges (Actualisation's main transfer).
    public const string MainTransferKey = "actualisation.mainTransferId";
    // The COERCIVE rule's input: what was already paid towards this debt.
    public const string PaidInputKey = "actualisation.paid";

    // A notice settled by a cancelled notice's receipt is reported by the flow that reports that receipt: the flow
    // names the old IUV, never this one, so each of its transfers is marked reported with it.
    public bool ReportedWithPredecessor(string receiptId, string flowId, DateTimeOffset now)
    {
        if (Status != OptionStatus.Paid || IdReceipt != receiptId) return false;
        foreach (var transfer in _transfers) transfer.MarkReported(now);
        (Status, IdFlowReporting, ReportingDate, LastUpdatedDate) = (OptionStatus.Reported, flowId, now, now);
        return true;
    }

    // Takes cents off the notice: each beneficiary first by what the payment credited to its transfer (the re-issued
    // notice keeps the old transfer ids), any rest from the transfer carrying the charges, then the others in order;
    // a transfer brought to zero is dropped (pagoPA refuses a zero transfer).
    public void ReduceBy(long cents, IReadOnlyDictionary<int, long> creditedPerTransfer, DateTimeOffset now)
    {
        var entries = MetadataEntries.ToList();
        var main = entries.Find(e => e.Key == MainTransferKey)?.Value is { } id && int.TryParse(id, CultureInfo.InvariantCulture, out var m) ? m : 1;
        var amounts = _transfers.ToDictionary(t => t.IdTransfer, t => t.Amount);
        var left = cents;
        foreach (var (transfer, credited) in creditedPerTransfer.Where(c => amounts.ContainsKey(c.Key)))
        {
            var taken = Math.Min(Math.Min(credited, amounts[transfer]), left);
            amounts[transfer] -= taken;
            left -= taken;
        }
        foreach (var transfer in amounts.Keys.OrderBy(t => t == main ? 0 : 1).ThenBy(t => t).ToList())
        {
            var taken = Math.Min(left, amounts[transfer]);
            amounts[transfer] -= taken;
            left -= taken;
        }
        foreach (var transfer in _transfers.ToList())
        {
            if (amounts[transfer.IdTransfer] == 0) _transfers.Remove(transfer);
            else if (amounts[transfer.IdTransfer] != transfer.Amount) transfer.Replace(transfer.ToContent(amounts[transfer.IdTransfer]), now);
        }
        Amount -= cents;
        var paid = entries.Find(e => e.Key == PaidInputKey)?.Value is { } p && long.TryParse(p, CultureInfo.InvariantCulture, out var before) ? before : 0;
        entries.RemoveAll(e => e.Key == PaidInputKey);
        entries.Add(new KeyValue(PaidInputKey, (paid + cents).ToString(CultureInfo.InvariantCulture)));
        Metadata = JsonSerializer.Serialize(entries, JsonSerializerOptions.Web);
        LastUpdatedDate = now;
    }
}
