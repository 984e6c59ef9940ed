using System.Text;
using System.Text.Json;
using DebtPositions.Iuv;
using DebtPositions.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceDefaults.Persistence;

namespace DebtPositions.Gpd;

// POST …/debtpositions[?toPublish=true] (GPD createPosition), with an optional Idempotency-Key.
internal static class CreatePosition
{
    public static Task<Results<Created<PositionResponse>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        string organizationfiscalcode, PaymentPositionModel body, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, IOptions<JsonOptions> json, TimeProvider time, CancellationToken ct) =>
        Run(organizationfiscalcode, PositionRequest.V1(body), GpdDialects.V1, toPublish, request, db, notices, json.Value.SerializerOptions, time, ct);

    // Create in any GPD version: validate, assign notice numbers, save the position, its history, its event and the
    // key at once.
    public static async Task<Results<Created<T>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Run<T>(
        string organizationfiscalcode, PositionRequest input, GpdDialect<T> dialect, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, JsonSerializerOptions json, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var body = input.Body;
        var errors = input.Validate(now);
        if (Checks.EcFiscalCode(organizationfiscalcode) is { } notEc) errors["organizationfiscalcode"] = [notEc];
        if (errors.Count > 0) return GpdProblems.Validation(errors);

        var key = request.Headers["Idempotency-Key"].FirstOrDefault();
        var hash = Convert.ToHexString(input.Hash(json));
        if (key is not null && await Replay<T>(db, organizationfiscalcode, key, hash, ct) is { } replay) return replay;
        if (await db.Positions.AnyAsync(p => p.OrganizationFiscalCode == organizationfiscalcode && p.Iupd == body.Iupd, ct))
            return DebtPositionsApi.Conflict($"debt position {body.Iupd} already exists for organization {organizationfiscalcode}");

        var assigned = await notices.AssignAsync(organizationfiscalcode, body.Options!, new Dictionary<string, string>(), ct);
        if (assigned.Errors is { } iuvErrors) return GpdProblems.Validation(StricterThanGpd.OnIuvs(input.Rename(iuvErrors)));
        if (assigned.Problem is not null) return assigned.ToProblem();

        var cause = DebtPositionsApi.Cause(request);
        var deletedVersion = await DeletePosition.LastVersionAsync(db, organizationfiscalcode, body.Iupd!, ct);
        var position = Position.Create(organizationfiscalcode, body.Iupd!, body.ToContent(organizationfiscalcode, assigned.Numbers!), cause, now, deletedVersion);
        if (toPublish == true) position.Publish(cause, now);
        db.Positions.Add(position);
        db.PublishChange(position, cause, time);
        if (key is not null)
            db.IdempotencyKeys.Add(IdempotencyKey.Of(organizationfiscalcode, key, hash, StatusCodes.Status201Created,
                JsonSerializer.Serialize(dialect.Respond(position), json), now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            if (key is not null && await Replay<T>(db, organizationfiscalcode, key, hash, ct) is { } raced) return raced;
            return DebtPositionsApi.Conflict(e.IsUniqueViolation("ux_payment_options_org_iuv")
                ? $"an IUV of position {body.Iupd} is already used by another notice of organization {organizationfiscalcode}"
                : $"debt position {body.Iupd} already exists for organization {organizationfiscalcode}");
        }
        // Ids are known only after saving: answer with the saved state.
        return TypedResults.Created(dialect.Location(organizationfiscalcode, position.Iupd), dialect.Respond(position));
    }

    // The stored first answer for this key; a different body under the same key is refused.
    private static async Task<Results<Created<T>, ContentHttpResult, ValidationProblem, ProblemHttpResult>?> Replay<T>(
        DebtPositionsDb db, string organization, string key, string hash, CancellationToken ct)
    {
        var stored = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.OrganizationFiscalCode == organization && k.Key == key, ct);
        if (stored is null) return null;
        if (stored.RequestHash != hash)
            return TypedResults.Problem($"Idempotency-Key {key} was first used with a different request body",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused");
        return TypedResults.Text(stored.ResponseBody, "application/json", Encoding.UTF8, stored.StatusCode);
    }
}
