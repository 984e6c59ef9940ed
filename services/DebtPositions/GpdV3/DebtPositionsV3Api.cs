using System.Globalization;
using DebtPositions.Gpd;
using DebtPositions.Iuv;
using DebtPositions.Lifecycle;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DebtPositions.GpdV3;

// GPD v3 under /api/debt-positions/v3, over the same positions as v1 (a position created in one version is read,
// updated and published in the other). The operations of openapi_external_v3.json, plus invalidate and history, which
// v3 does not define but the lifecycle has (see docs/notes/DebtPositions.md).
internal static class DebtPositionsV3Api
{
    public const string Prefix = "/api/debt-positions/v3/organizations/{organizationfiscalcode}/debtpositions";

    public static IEndpointRouteBuilder MapDebtPositionsV3Api(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("DebtPositionsV3");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{iupd}", Get);
        group.MapPut("/{iupd}", Update);
        group.MapDelete("/{iupd}", DeletePosition.Handle);
        group.MapPost("/{iupd}/publish", Publish);
        group.MapPost("/{iupd}/invalidate", Invalidate);
        group.MapGet("/{iupd}/history", DebtPositionsApi.GetHistory);
        return app;
    }

    private static Task<Results<Created<PositionResponseV3>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Create(
        string organizationfiscalcode, PaymentPositionModelV3 body, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, CancellationToken ct) =>
        CreatePosition.Run(organizationfiscalcode, V3Request.Of(body), V3Mapping.Dialect, toPublish, request, db, notices,
            json.Value.SerializerOptions, time, ct);

    private static Task<Results<Ok<PositionResponseV3>, ValidationProblem, ProblemHttpResult>> Update(
        string organizationfiscalcode, string iupd, PaymentPositionModelV3 body, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, TimeProvider time, CancellationToken ct) =>
        UpdatePosition.Run(organizationfiscalcode, iupd, V3Request.Of(body), V3Mapping.Dialect, toPublish, request, db, notices, time, ct);

    private static async Task<Results<Ok<PositionResponseV3>, ProblemHttpResult>> Get(
        string organizationfiscalcode, string iupd, DebtPositionsDb db, HttpResponse response, CancellationToken ct)
    {
        var position = await db.ReadAsync(organizationfiscalcode, iupd, ct);
        if (position is null) return DebtPositionsApi.NotFound(organizationfiscalcode, iupd);
        response.Headers.ETag = DebtPositionsApi.ETag(position);
        return TypedResults.Ok(V3Mapping.ToV3(position));
    }

    private static Task<Results<Ok<PositionResponseV3>, ProblemHttpResult>> Publish(
        string organizationfiscalcode, string iupd, HttpRequest request, DebtPositionsDb db, TimeProvider time, CancellationToken ct) =>
        LifecycleApi.Transition(organizationfiscalcode, iupd, request, db, time, (p, cause, now) => p.Publish(cause, now), V3Mapping.ToV3, ct);

    private static Task<Results<Ok<PositionResponseV3>, ProblemHttpResult>> Invalidate(
        string organizationfiscalcode, string iupd, HttpRequest request, DebtPositionsDb db, TimeProvider time, CancellationToken ct) =>
        LifecycleApi.Transition(organizationfiscalcode, iupd, request, db, time, (p, cause, now) => p.Invalidate(cause, now), V3Mapping.ToV3, ct);

    private static async Task<Results<Ok<PaymentPositionsInfoV3>, ValidationProblem>> List(
        string organizationfiscalcode, [AsParameters] ListQuery query,
        [FromQuery(Name = "payment_date_time_from")] string? paymentTimeFrom, [FromQuery(Name = "payment_date_time_to")] string? paymentTimeTo,
        DebtPositionsDb db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var status = query.Status;
        if (status is not null && !V3Mapping.Statuses.Contains(status)) errors["status"] = [$"status is one of {string.Join(", ", V3Mapping.Statuses)}"];
        var timeFrom = RomeInstant(errors, "payment_date_time_from", paymentTimeFrom);
        var timeTo = RomeInstant(errors, "payment_date_time_to", paymentTimeTo);
        var filter = ListFilter.Of(errors, query);
        if (errors.Count > 0) return GpdProblems.Validation(errors);
        // Both forms of the payment bounds may come together: the narrower wins; the date-time upper bound is inclusive.
        filter = filter! with
        {
            Statuses = status is null ? null : V3Mapping.InternalStatuses(status),
            PaidFrom = Max(filter.PaidFrom, timeFrom),
            PaidTo = Min(filter.PaidTo, timeTo?.AddTicks(1)),
        };
        var (positions, info) = await filter.RunAsync(db, organizationfiscalcode, ct);
        return TypedResults.Ok(new PaymentPositionsInfoV3(positions.Select(V3Mapping.ToV3).ToList(), info));
    }

    // GPD documents yyyy-MM-ddTHH:mm:ss without an offset: read as Italian time unless an offset is given.
    private static DateTimeOffset? RomeInstant(Dictionary<string, string[]> errors, string name, string? value)
    {
        if (value is null) return null;
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || ServiceDefaults.Web.RequestBounds.DayProblem(DateOnly.FromDateTime(parsed)) is not null)
        {
            errors[name] = [$"{name} is a date-time like 2026-01-31T23:59:59, between {ServiceDefaults.Web.RequestBounds.FirstDay:yyyy} and {ServiceDefaults.Web.RequestBounds.LastDay:yyyy}"];
            return null;
        }
        if (parsed.Kind != DateTimeKind.Unspecified) return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).ToUniversalTime();
        return ServiceDefaults.Time.RomeCalendar.InstantOf(parsed).ToUniversalTime();
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
