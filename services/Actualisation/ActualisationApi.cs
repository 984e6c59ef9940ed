using ServiceDefaults.Security;
using Actualisation.Rules;
using Actualisation.Tables;
using Actualisation.Dunning;
using Contracts.Actualisation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;
using ServiceDefaults.Web;

namespace Actualisation;

internal static class ActualisationApi
{
    public static IEndpointRouteBuilder MapActualisationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/actualisation").WithTags("Actualisation");
        group.MapGet("/organizations/{organizationFiscalCode}/notices/{iuv}/schedule", GetSchedule);
        group.MapPost("/preview", Preview).ForAnyOrganization().RequireReadOnly();
        group.MapQuote();
        group.MapRuleTables();
        ScheduleDay.Map(group);
        group.MapDunning();
        return app;
    }

    // The stored schedule of a notice and the step in force today (Europe/Rome).
    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> GetSchedule(
        string organizationFiscalCode, string iuv, ActualisationDb db, TimeProvider time, CancellationToken ct)
    {
        var schedule = await db.AmountSchedules.AsNoTracking()
            .SingleOrDefaultAsync(s => s.OrganizationFiscalCode == organizationFiscalCode && s.Iuv == iuv, ct);
        if (schedule is null)
            return TypedResults.Problem($"No amount schedule for notice {iuv} of organization {organizationFiscalCode}",
                statusCode: StatusCodes.Status404NotFound, title: "Schedule not found");
        var steps = schedule.ReadSteps();
        var today = Today(time);
        return TypedResults.Ok(new ScheduleView(schedule.OrganizationFiscalCode, schedule.Iupd, schedule.Iuv, schedule.PositionVersion,
            schedule.Rule, steps, today, AmountSchedule.StepOn(steps, today), schedule.ComputedAt));
    }

    // What a rule would give for an amount and dates, without storing anything.
    private static Results<Ok<PreviewResult>, ValidationProblem> Preview(PreviewRequest request, AmountRules rules, TimeProvider time)
    {
        var errors = PreviewErrors(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var transfers = request.Transfers is { Count: > 0 } given ? given : [new TransferAmount(1, request.AmountCents)];

        var result = rules.Compute(new ScheduleInput(request.Rule ?? AmountRules.Constant, request.AmountCents, transfers,
            request.NotificationDate, request.Metadata ?? new Dictionary<string, string>()));
        if (!result.IsValid) return TypedResults.ValidationProblem(result.Errors);
        var on = request.On ?? Today(time);
        return TypedResults.Ok(new PreviewResult(result.Rule, result.Steps, on, AmountSchedule.StepOn(result.Steps, on)));
    }

    // Every amount within pagoPA's bounds before any is added up, every day within the calendar a rule can move
    // through.
    private static Dictionary<string, string[]> PreviewErrors(PreviewRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (RequestBounds.AmountProblem(request.AmountCents) is { } amount) errors["amountCents"] = [amount];
        if (request.NotificationDate is { } notified && RequestBounds.DayProblem(notified) is { } far) errors["notificationDate"] = [far];
        if (request.On is { } on && RequestBounds.DayProblem(on) is { } farOn) errors["on"] = [farOn];
        if (request.Transfers is not { Count: > 0 } transfers) return errors;
        if (transfers.Count > 5) errors["transfers"] = ["at most 5 transfers"];
        for (var i = 0; i < transfers.Count; i++)
        {
            if (transfers[i].IdTransfer is < 1 or > 5) errors[$"transfers[{i}].idTransfer"] = ["idTransfer is 1 to 5"];
            if (RequestBounds.AmountProblem(transfers[i].AmountCents) is { } problem) errors[$"transfers[{i}].amountCents"] = [problem];
        }
        if (errors.Count == 0 && transfers.Sum(t => t.AmountCents) != request.AmountCents)
            errors["transfers"] = ["the transfers must add up to amountCents"];
        return errors;
    }

    private static DateOnly Today(TimeProvider time) => RomeCalendar.Today(time);
}

// Body of POST /api/actualisation/preview. On defaults to today (Europe/Rome).
internal sealed record PreviewRequest(
    string? Rule, long AmountCents, DateOnly? NotificationDate, IReadOnlyList<TransferAmount>? Transfers = null,
    IReadOnlyDictionary<string, string>? Metadata = null, DateOnly? On = null);

internal sealed record PreviewResult(string Rule, IReadOnlyList<AmountStep> Steps, DateOnly On, AmountStep? AmountOn);

internal sealed record ScheduleView(
    string OrganizationFiscalCode, string Iupd, string Iuv, long PositionVersion, string Rule, IReadOnlyList<AmountStep> Steps,
    DateOnly Today, AmountStep? AmountToday, DateTimeOffset ComputedAt);
