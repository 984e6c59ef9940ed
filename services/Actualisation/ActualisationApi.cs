using ServiceDefaults.Security;
using Actualisation.Rules;
using Contracts.Actualisation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Actualisation;

internal static class ActualisationApi
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    public static IEndpointRouteBuilder MapActualisationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/actualisation").WithTags("Actualisation");
        group.MapGet("/organizations/{organizationFiscalCode}/notices/{iuv}/schedule", GetSchedule);
        group.MapPost("/preview", Preview).ForAnyOrganization().RequireReadOnly();
        return app;
    }

    /// <summary>The stored schedule of a notice and the step in force today (Europe/Rome).</summary>
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

    /// <summary>What a rule would give for an amount and dates, without storing anything.</summary>
    private static Results<Ok<PreviewResult>, ValidationProblem> Preview(PreviewRequest request, AmountRules rules, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.AmountCents < 1) errors["amountCents"] = ["must be at least 1 cent"];
        var transfers = request.Transfers is { Count: > 0 } given ? given : [new TransferAmount(1, request.AmountCents)];
        if (transfers.Sum(t => t.AmountCents) != request.AmountCents) errors["transfers"] = ["the transfers must add up to amountCents"];
        if (transfers.Any(t => t.IdTransfer is < 1 or > 5 || t.AmountCents < 1)) errors["transfers"] = ["idTransfer 1..5, amounts of at least 1 cent"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var result = rules.Compute(new ScheduleInput(request.Rule ?? AmountRules.Constant, request.AmountCents, transfers,
            request.NotificationDate, request.Metadata ?? new Dictionary<string, string>()));
        if (!result.IsValid) return TypedResults.ValidationProblem(result.Errors);
        var on = request.On ?? Today(time);
        return TypedResults.Ok(new PreviewResult(result.Rule, result.Steps, on, AmountSchedule.StepOn(result.Steps, on)));
    }

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Rome).Date);
}

/// <summary>Body of POST /api/actualisation/preview. <paramref name="On"/> defaults to today (Europe/Rome).</summary>
internal sealed record PreviewRequest(
    string? Rule, long AmountCents, DateOnly? NotificationDate, IReadOnlyList<TransferAmount>? Transfers = null,
    IReadOnlyDictionary<string, string>? Metadata = null, DateOnly? On = null);

internal sealed record PreviewResult(string Rule, IReadOnlyList<AmountStep> Steps, DateOnly On, AmountStep? AmountOn);

internal sealed record ScheduleView(
    string OrganizationFiscalCode, string Iupd, string Iuv, long PositionVersion, string Rule, IReadOnlyList<AmountStep> Steps,
    DateOnly Today, AmountStep? AmountToday, DateTimeOffset ComputedAt);
