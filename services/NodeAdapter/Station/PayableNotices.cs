using NodeAdapter.Receipts;
using NodeAdapter.Soap;
using Microsoft.Extensions.Options;
using NodeAdapter.Notices;
using ServiceDefaults.Time;

namespace NodeAdapter.Station;

// The notice a verify/get-payment names, when it can be paid now, with the amount due today.
internal sealed record ResolvedNotice(SoapReply? Fault, PayableNotice? Notice, PayableAmount? Amount);

// Shared by paVerifyPaymentNotice and paGetPayment(V2): qrCode → payable notice or fault.
internal sealed class PayableNotices(NoticeCache notices, IOptions<StationOptions> options, TimeProvider time)
{
    // The Node's stand-in exit probe (NOTES §2.7): must be answered PAA_PAGAMENTO_SCONOSCIUTO, at once.
    public const string StandInProbe = "000000000000000000";

    public string BrokerId => options.Value.BrokerId;

    public async Task<ResolvedNotice> ResolveAsync(SoapRequest request, CancellationToken ct)
    {
        var qrCode = request.Payload!.Element("qrCode")!;
        var organization = qrCode.Element("fiscalCode")!.Value;
        var nav = qrCode.Element("noticeNumber")!.Value;
        if (!options.Value.Serves(organization))
            return Refuse(request, Faults.WrongDomain, $"qrCode/fiscalCode {organization} is not an EC served by this station");
        if (nav == StandInProbe) return Refuse(request, Faults.PaymentUnknown, "stand-in probe notice number");

        var view = await notices.FindByNavAsync(organization, nav, ct);
        if (NoticeStatus.RefusalFor(view.Notice, view.ReceiptLogged, time.GetUtcNow()) is { } refusal)
            return Refuse(request, Faults.For(refusal), Describe(organization, nav, view));
        var due = PayableAmount.Due(view.Notice!, view.Schedule, RomeCalendar.Today(time));
        return due.Amount is { } amount
            ? new ResolvedNotice(null, view.Notice, amount)
            : Refuse(request, Faults.For(due.Refusal!.Value), $"notice {nav}: {due.Problem}");
    }

    private ResolvedNotice Refuse(SoapRequest request, string code, string description) =>
        new(SoapReply.Fault(request.Operation!, options.Value.BrokerId, code, description), null, null);

    private static string Describe(string organization, string nav, NoticeView view) => view switch
    {
        { Notice: null } => $"notice {nav} of EC {organization} is unknown",
        { ReceiptLogged: true } => $"notice {nav} of EC {organization} has already been paid (receipt received)",
        { Notice: { } n } => $"notice {nav} of EC {organization}: position {n.Iupd} is {n.PositionStatus}, option {n.OptionStatus}",
    };
}
