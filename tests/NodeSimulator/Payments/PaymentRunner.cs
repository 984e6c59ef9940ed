using Microsoft.Extensions.Options;
using NodeSimulator.BizEvents;
using NodeSimulator.Soap;

namespace NodeSimulator.Payments;

// Body of POST /simulator/payments. ReceiptLost: the receipt never reaches the station (its paSendRT met an outage
// every time); the payment is settled and reported all the same, its receipt only at the Node (biz-events).
internal sealed record PaymentRequest(
    string? OrganizationFiscalCode, string? NoticeNumber, string? SoapVersion = "V2", string? PspId = null,
    long FeeCents = 100, bool StandIn = false, MessageStyle Style = MessageStyle.Compact, bool ReceiptLost = false);

internal sealed record PaymentResult(
    string OrganizationFiscalCode, string NoticeNumber, string SoapVersion, string PspId, string Outcome,
    IReadOnlyList<StepResult> Steps, long? AmountCents = null, string? Iuv = null, string? ReceiptId = null,
    DateTimeOffset? PaymentDateTime = null, bool SchemaValidation = false);

// One payment as the Node runs it against the EC: verify, activate (get payment), then send the receipt built from
// the activation data. The first KO stops the run.
internal sealed class PaymentRunner(StationClient station, SettledPayments settled, SoapSchemas schemas, NodeReceipts receipts,
    IOptions<NodeOptions> options, TimeProvider time)
{
    // validate false skips the XSD checks (load runs); the semantic checks stay.
    public async Task<PaymentResult> RunAsync(PaymentRequest request, CancellationToken ct, bool validate = true)
    {
        var node = options.Value;
        var v2 = !string.Equals(request.SoapVersion, "V1", StringComparison.OrdinalIgnoreCase);
        var pspId = request.PspId is { Length: > 0 } p ? p : node.PspId;
        var caller = new Caller(request.OrganizationFiscalCode!, node.BrokerId, node.StationId);
        var notice = request.NoticeNumber!;
        var steps = new List<StepResult>();
        PaymentResult Result(string outcome, long? amount = null, PaymentData? data = null, Collection? c = null) =>
            new(caller.OrganizationFiscalCode, notice, v2 ? "V2" : "V1", pspId, outcome, steps, amount,
                data?.CreditorReferenceId, c?.ReceiptId, c?.PaidAt, schemas.Enabled && validate);

        var (verify, verifyPayload) = await station.CallAsync("paVerifyPaymentNotice", NodeRequests.Verify(caller, notice), node.VerifyTimeout, ct, request.Style, validate);
        steps.Add(verify);
        if (!verify.IsOk) return Result("KO");
        var amountText = verifyPayload.Child("paymentList").Child("paymentOptionDescription").Text("amount");
        if (amountText is null)
        {
            steps[^1] = verify with { Outcome = "KO", FaultCode = StationClient.BadResponse, FaultString = "OK without paymentList" };
            return Result("KO");
        }
        var verifiedAmount = SoapXml.Cents(amountText);

        var getOperation = v2 ? "paGetPaymentV2" : "paGetPayment";
        var (get, getPayload) = await station.CallAsync(getOperation, NodeRequests.GetPayment(caller, notice, verifiedAmount, v2), node.VerifyTimeout, ct, request.Style, validate);
        steps.Add(get);
        if (!get.IsOk) return Result("KO", verifiedAmount);
        var data = getPayload.Child("data") is { } d ? PaymentData.Parse(d) : null;
        if ((data is null ? "OK without data" : data.SemanticError()) is { } semantic)
        {
            steps[^1] = get with { Outcome = "KO", FaultCode = StationClient.BadResponse, FaultString = semantic };
            return Result("KO", verifiedAmount, data);
        }

        var collection = new Collection(Guid.NewGuid().ToString("N"), notice, caller.OrganizationFiscalCode, pspId,
            pspId == node.PspId ? node.PspName : $"PSP {pspId}", node.Channel(pspId), time.GetUtcNow(), request.FeeCents, request.StandIn);
        var sendOperation = v2 ? "paSendRTV2" : "paSendRT";
        var receipt = ReceiptBuilder.Build(data!, collection, v2);
        receipts.Add(receipt);
        var receiptRequest = NodeRequests.SendReceipt(caller, receipt, v2);
        var (send, _) = request.ReceiptLost
            ? (new StepResult(sendOperation, "KO", 0, 0, "PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE", "receipt lost: never delivered to the station"), null)
            : await station.CallAsync(sendOperation, receiptRequest, node.ReceiptTimeout, ct, request.Style, validate);
        steps.Add(send);
        // A lost receipt is a paid notice all the same: the PSP has the money and will report it.
        if (!send.IsOk && !request.ReceiptLost) return Result("KO", data!.AmountCents, data, collection);

        settled.Add(new SettledPayment(caller.OrganizationFiscalCode, data!.CompanyName ?? "Ente Creditore", notice,
            data.CreditorReferenceId, collection.ReceiptId, pspId, collection.PaidAt, data.AmountCents,
            data.Transfers.Select(t => new SettledTransfer(t.IdTransfer, t.AmountCents)).ToList(), sendOperation, receiptRequest));
        return Result("OK", data.AmountCents, data, collection);
    }

    // Sends an accepted receipt again, as the Node does when it did not get the answer (expect
    // PAA_RECEIPT_DUPLICATA).
    public async Task<StepResult> ResendAsync(SettledPayment payment, CancellationToken ct) =>
        (await station.CallAsync(payment.ReceiptOperation, new System.Xml.Linq.XElement(payment.ReceiptRequest), options.Value.ReceiptTimeout, ct)).Step;
}
