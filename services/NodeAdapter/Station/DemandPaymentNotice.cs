using NodeAdapter.Receipts;
using NodeAdapter.Soap;
using System.Text;
using System.Xml.Linq;
using Contracts.NodeAdapter;
using MassTransit;
using Microsoft.Extensions.Options;
using NodeAdapter.Notices;

namespace NodeAdapter.Station;

// paDemandPaymentNotice (spontaneous payment): check the service data against the service's XSD (the EC's catalogue's
// or the configured one, SpontaneousServices), ask DebtPositions
// over the bus to create the position (request/response within the Node's budget), take the new notice into our read
// model at once (the Node verifies it right after), and answer its notice number and amount.
internal sealed class DemandPaymentNotice(
    SpontaneousServices services, IRequestClient<CreateSpontaneousPosition> debtPositions, NodeAdapterDb db,
    IOptions<StationOptions> options, TimeProvider time, ILogger<DemandPaymentNotice> logger)
{
    public async Task<SoapReply> HandleAsync(SoapRequest request, CancellationToken ct)
    {
        var serviceId = request.Field("idServizio");
        var schema = await services.SchemaOfAsync(db, request.Field("idPA"), serviceId, ct);
        if (schema is null) return Fault(Faults.Semantics, $"service {serviceId} is not offered by this station");
        var (data, errors) = services.Check(schema, serviceId, Convert.FromBase64String(request.Field("datiSpecificiServizioRequest")));
        if (data is null) return Fault(Faults.SyntaxXsd, "datiSpecificiServizioRequest: " + string.Join(" | ", errors));

        var command = new CreateSpontaneousPosition(NewId.NextGuid(), request.Field("idPA"), serviceId,
            request.Field("idSoggettoServizio"), data.ToString(SaveOptions.DisableFormatting), time.GetUtcNow());
        Response<SpontaneousPositionCreated, SpontaneousPositionRefused> response;
        try
        {
            response = await debtPositions.GetResponse<SpontaneousPositionCreated, SpontaneousPositionRefused>(
                command, ct, RequestTimeout.After(ms: (int)options.Value.DemandTimeout.TotalMilliseconds));
        }
        catch (RequestTimeoutException)
        {
            logger.LogWarning("DebtPositions did not answer demand {RequestId} for service {ServiceId} in time", command.RequestId, serviceId);
            return Fault(Faults.SystemError, $"the debt position could not be created within {options.Value.DemandTimeout.TotalSeconds:0} s; retry");
        }

        if (response.Is(out Response<SpontaneousPositionRefused>? refused))
            return Fault(refused.Message.FaultCode.StartsWith("PAA_", StringComparison.Ordinal) ? refused.Message.FaultCode : Faults.Semantics,
                refused.Message.Description);
        response.Is(out Response<SpontaneousPositionCreated>? created);
        return await AnswerAsync(request, created!.Message, ct);
    }

    private async Task<SoapReply> AnswerAsync(SoapRequest request, SpontaneousPositionCreated created, CancellationToken ct)
    {
        var position = created.Position;
        // Payable at once, by the same projection as the position's DebtPositionChanged, which may come before or after:
        // the highest version wins either way.
        await NoticeProjection.ApplyAsync(db, [position], time.GetUtcNow(), copyFirst: false, ct);
        var option = position.Options.Single(o => o.Iuv == created.Iuv);
        // The position exists now; an amount stAmountNotZero cannot carry must still not become an invalid answer.
        if (!SoapText.IsAmountNotZero(option.AmountCents))
            return Fault(Faults.Semantics, $"notice {option.Nav}: amount of {option.AmountCents} cents is outside stAmountNotZero (0.01..999999999.99)");
        var allPostal = option.Transfers.All(t => !string.IsNullOrWhiteSpace(t.PostalIban));
        return SoapReply.Ok(request.Operation!,
            new XElement("qrCode", new XElement("fiscalCode", position.OrganizationFiscalCode), new XElement("noticeNumber", option.Nav)),
            new XElement("paymentList", new XElement("paymentOptionDescription",
                new XElement("amount", SoapText.Euros(option.AmountCents)),
                new XElement("options", "EQ"),
                new XElement("dueDate", SoapText.Date(option.DueDate)),
                new XElement("allCCP", allPostal ? "true" : "false"))),
            new XElement("paymentDescription", SoapText.Bounded(option.Description, 140)),
            new XElement("fiscalCodePA", position.OrganizationFiscalCode),
            new XElement("companyName", SoapText.Bounded(position.CompanyName, 140)),
            SoapText.Optional("officeName", position.OfficeName, 140));
    }

    private SoapReply Fault(string code, string description) =>
        SoapReply.Fault(SoapOperation.DemandPaymentNotice, options.Value.BrokerId, code, description);
}
