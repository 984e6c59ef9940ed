using NodeAdapter.Receipts;
using NodeAdapter.Soap;
using System.Xml.Linq;
using NodeAdapter.Notices;

namespace NodeAdapter.Station;

// paVerifyPaymentNotice: is the notice payable, and for how much today.
internal sealed class VerifyPaymentNotice(PayableNotices notices)
{
    public async Task<SoapReply> HandleAsync(SoapRequest request, CancellationToken ct)
    {
        var resolved = await notices.ResolveAsync(request, ct);
        if (resolved.Fault is not null) return resolved.Fault;
        var notice = resolved.Notice!;
        var amount = resolved.Amount!;
        return SoapReply.Ok(request.Operation!,
            new XElement("paymentList",
                new XElement("paymentOptionDescription",
                    new XElement("amount", SoapText.Euros(amount.AmountCents)),
                    // Only EQ is allowed today (SANP): the payer pays exactly this amount.
                    new XElement("options", "EQ"),
                    new XElement("dueDate", SoapText.Date(notice.DueDate)),
                    new XElement("allCCP", AllPostal(amount) ? "true" : "false"))),
            new XElement("paymentDescription", SoapText.Bounded(notice.Description, 140)),
            new XElement("fiscalCodePA", notice.OrganizationFiscalCode),
            new XElement("companyName", SoapText.Bounded(notice.CompanyName, 140)),
            SoapText.Optional("officeName", notice.OfficeName, 140));
    }

    // allCCP: every transfer can be credited to a postal account (as GPD computes it).
    private static bool AllPostal(PayableAmount amount) =>
        amount.Transfers.All(t => !string.IsNullOrWhiteSpace(t.Transfer.PostalIban));
}
