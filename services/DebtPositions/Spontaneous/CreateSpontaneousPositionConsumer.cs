using Contracts.NodeAdapter;
using DebtPositions.Iuv;
using DebtPositions.Validation;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Spontaneous;

// A PSP asked the station for a notice for a spontaneous payment (paDemandPaymentNotice): create the position from
// the EC's catalogue entry and the payer's data, publish it at once, and answer the station within the Node's budget.
// A refusal carries the PAA code the station must answer. The position is built as a draft and goes through the
// same validation and IUV allocation as a municipal system's; its IUPD is derived from the request id, so a
// redelivered request finds the position it already created and answers it again instead of creating a second one.
internal sealed class CreateSpontaneousPositionConsumer(
    DebtPositionsDb db, NoticeAssignment notices, TimeProvider time, ILogger<CreateSpontaneousPositionConsumer> logger)
    : IConsumer<CreateSpontaneousPosition>
{
    public async Task Consume(ConsumeContext<CreateSpontaneousPosition> context)
    {
        var request = context.Message;
        var ct = context.CancellationToken;
        var iupd = "SPONT-" + request.RequestId.ToString("N");
        var existing = await db.LoadAsync(request.OrganizationFiscalCode, iupd, ct);
        if (existing is not null)
        {
            await context.RespondAsync(new SpontaneousPositionCreated(request.RequestId, existing.ToSnapshot(), existing.Options[0].Iuv, time.GetUtcNow()));
            return;
        }

        var service = await db.FindSpontaneousServiceAsync(request.OrganizationFiscalCode, request.ServiceId, ct);
        if (service is null)
        {
            await RefuseAsync(context, "PAA_SEMANTICA", $"service {request.ServiceId} is not in the catalogue of organization {request.OrganizationFiscalCode}");
            return;
        }
        var data = ServiceData.Parse(request.ServiceData, service);
        var amount = service.AmountRule == SpontaneousService.FixedAmount ? service.FixedAmountCents : data.AmountCents;
        if (amount is not { } cents || cents < 1 || cents > service.MaxAmountCents)
        {
            await RefuseAsync(context, "PAA_SEMANTICA",
                $"amount {(amount is null ? "missing or not in euros with 2 decimals" : $"{amount} cents out of range 1..{service.MaxAmountCents}")} for service {service.ServiceId}");
            return;
        }

        var now = time.GetUtcNow();
        var body = Body(iupd, service, cents, data.Description, now);
        var errors = PositionValidator.Validate(body, now);
        if (errors.Count > 0)
        {
            await RefuseAsync(context, "PAA_SEMANTICA", "the catalogue entry cannot make a valid position: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            return;
        }
        var assigned = await notices.AssignAsync(request.OrganizationFiscalCode, body.Options!, new Dictionary<string, string>(), ct);
        if (assigned.Numbers is null)
        {
            // IuvIssuance down or the EC not configured there: the Node retries the demand later.
            await RefuseAsync(context, "PAA_SYSTEM_ERROR", assigned.Problem ?? "no notice number could be allocated");
            return;
        }

        var cause = $"demand:{request.ServiceId}:{request.ServiceSubjectId}";
        var position = Position.Create(request.OrganizationFiscalCode, iupd, body.ToContent(request.OrganizationFiscalCode, assigned.Numbers), cause, now);
        position.Publish(cause, now);
        db.Positions.Add(position);
        db.PublishChange(position, cause, time);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Spontaneous position {Iupd} created for service {ServiceId} of {Organization}", iupd, service.ServiceId, request.OrganizationFiscalCode);
        await context.RespondAsync(new SpontaneousPositionCreated(request.RequestId, position.ToSnapshot(), position.Options[0].Iuv, time.GetUtcNow()));
    }

    private Task RefuseAsync(ConsumeContext<CreateSpontaneousPosition> context, string faultCode, string description)
    {
        var level = context.Message.OrganizationFiscalCode == CreateSpontaneousPosition.WarmUpOrganization ? LogLevel.Debug : LogLevel.Warning;
        logger.Log(level, "Spontaneous demand {RequestId} refused: {FaultCode} {Description}", context.Message.RequestId, faultCode, description);
        return context.RespondAsync(new SpontaneousPositionRefused(context.Message.RequestId, faultCode, description, time.GetUtcNow()));
    }

    // The draft of the position a demand creates (also built by SpontaneousDemandWarmUp).
    internal static PositionDraft Body(string iupd, SpontaneousService service, long cents, string? stated, DateTimeOffset now)
    {
        var description = string.IsNullOrWhiteSpace(stated) ? service.Description : $"{service.Description} - {stated}";
        if (description.Length > 140) description = description[..140];
        var due = ServiceDefaults.Time.RomeCalendar.EndOfDay(ServiceDefaults.Time.RomeCalendar.DateOf(now).AddDays(service.DueDays));
        var transfer = new TransferDraft("1", cents, service.OrganizationFiscalCode, null, description, service.Category,
            service.Iban, service.PostalIban, null, null);
        var option = new OptionDraft(null, cents, description, false, due, null, null, [transfer], null);
        return new PositionDraft(iupd, new DebtorDraft("F", "ANONIMO", "ANONIMO"), service.CompanyName, null, false, null, null, null, null, [option]);
    }
}
