using NodeAdapter.Receipts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodeAdapter.Notices;
using NodeAdapter.Soap;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace NodeAdapter.Station;

// paSendRT and paSendRTV2. The receipt and its ReceiptReceived event commit in one transaction before the Node hears
// OK: once answered, a payment can no longer be lost, whatever the broker does.
internal sealed class SendReceipt(
    NodeAdapterDb db, NoticeLookup lookup, SendReceiptHistory history, NoticeCache cache, IOptions<StationOptions> options, StationMetrics metrics, TimeProvider time,
    ILogger<SendReceipt> logger)
{
    public async Task<SoapReply> HandleAsync(SoapRequest request, CancellationToken ct)
    {
        var operation = request.Operation!;
        var soapVersion = operation == SoapOperation.SendRTV2 ? "V2" : "V1";
        var receipt = ReceiptParser.Parse(request.Payload!, soapVersion, time.GetUtcNow());
        var noticeFiscalCode = request.Payload!.Element("receipt")!.Element("fiscalCode")!.Value;
        var view = await lookup.FindByNavAsync(noticeFiscalCode, receipt.NoticeNumber, ct);
        if (view.Notice is null) view = await lookup.FindByIuvAsync(noticeFiscalCode, receipt.Iuv, ct);
        var logged = await history.ReadAsync(receipt.OrganizationFiscalCode, receipt.ReceiptId, noticeFiscalCode, receipt.Iuv,
            view.Notice?.Iupd, view.Notice is { IsPartialPayment: true }, ct);
        if (logged.Duplicate) return Duplicate(operation, receipt.ReceiptId);
        var anomaly = ReceiptAnomalies.Find(receipt, view, logged.PaidByAnotherReceipt, logged.SameReceiptLogged,
            logged.SettledByAnotherOption, options.Value.ActivationWindow);
        receipt = receipt with { Anomaly = anomaly };

        db.ReceiptLog.Add(LoggedReceipt.Log(receipt, noticeFiscalCode, view.Notice?.Iupd,
            settlesPosition: view.Notice is { IsPartialPayment: false }, request.RawXml));
        db.AddToOutbox(receipt, time);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("ux_receipt_log_org_receipt"))
        {
            // The same receipt delivered twice at once: the other delivery stored it.
            return Duplicate(operation, receipt.ReceiptId);
        }
        // The triggers notify every replica; this one forgets at once, so the PSP's next verify here sees the receipt.
        cache.Invalidate(noticeFiscalCode, receipt.Iuv, view.Notice?.Iupd);
        metrics.ReceiptStored(soapVersion, anomaly is not null, receipt.AmountCents);
        if (anomaly is not null)
            logger.LogWarning("Receipt {ReceiptId} for notice {NoticeNumber} stored with anomaly {Anomaly}", receipt.ReceiptId, receipt.NoticeNumber, anomaly);
        return SoapReply.Ok(operation);
    }

    private SoapReply Duplicate(SoapOperation operation, string receiptId) =>
        SoapReply.Fault(operation, options.Value.BrokerId, Faults.ReceiptDuplicated, $"receipt {receiptId} has already been received");
}
