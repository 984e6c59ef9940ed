using System.Security.Cryptography;
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

/// <summary>POST …/debtpositions[?toPublish=true] (GPD createPosition), with an optional Idempotency-Key.</summary>
internal static class CreatePosition
{
    public static async Task<Results<Created<PositionResponse>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        string organizationfiscalcode, PaymentPositionModel body, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, IOptions<JsonOptions> json, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = PositionValidator.Validate(body, now);
        if (organizationfiscalcode.Length != 11 || !organizationfiscalcode.All(char.IsAsciiDigit))
            errors["organizationfiscalcode"] = ["an EC fiscal code has 11 digits"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var key = request.Headers["Idempotency-Key"].FirstOrDefault();
        var hash = Hash(body, json.Value.SerializerOptions);
        if (key is not null && await Replay(db, organizationfiscalcode, key, hash, ct) is { } replay) return replay;
        if (await db.Positions.AnyAsync(p => p.OrganizationFiscalCode == organizationfiscalcode && p.Iupd == body.Iupd, ct))
            return DebtPositionsApi.Conflict($"debt position {body.Iupd} already exists for organization {organizationfiscalcode}");

        var assigned = await notices.AssignAsync(organizationfiscalcode, body.PaymentOption!, new Dictionary<string, string>(), ct);
        if (assigned.Errors is { } iuvErrors) return TypedResults.ValidationProblem(iuvErrors);
        if (assigned.Problem is not null) return assigned.ToProblem();

        var cause = DebtPositionsApi.Cause(request);
        var position = Position.Create(organizationfiscalcode, body.Iupd!, body.ToContent(organizationfiscalcode, assigned.Numbers!), cause, now);
        if (toPublish == true) position.Publish(cause, now);
        db.Positions.Add(position);
        db.PublishChange(position, cause, time);
        var response = position.ToResponse();
        if (key is not null)
            db.IdempotencyKeys.Add(IdempotencyKey.Of(organizationfiscalcode, key, hash, StatusCodes.Status201Created,
                JsonSerializer.Serialize(response, json.Value.SerializerOptions), now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            if (key is not null && await Replay(db, organizationfiscalcode, key, hash, ct) is { } raced) return raced;
            return DebtPositionsApi.Conflict(e.IsUniqueViolation("ux_payment_options_org_iuv")
                ? $"an IUV of position {body.Iupd} is already used by another notice of organization {organizationfiscalcode}"
                : $"debt position {body.Iupd} already exists for organization {organizationfiscalcode}");
        }
        // Ids are known only after saving: answer with the saved state.
        return TypedResults.Created($"{DebtPositionsApi.Prefix.Replace("{organizationfiscalcode}", organizationfiscalcode, StringComparison.Ordinal)}/{position.Iupd}",
            position.ToResponse());
    }

    /// <summary>The stored first answer for this key; a different body under the same key is refused.</summary>
    private static async Task<Results<Created<PositionResponse>, ContentHttpResult, ValidationProblem, ProblemHttpResult>?> Replay(
        DebtPositionsDb db, string organization, string key, string hash, CancellationToken ct)
    {
        var stored = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.OrganizationFiscalCode == organization && k.Key == key, ct);
        if (stored is null) return null;
        if (stored.RequestHash != hash)
            return TypedResults.Problem($"Idempotency-Key {key} was first used with a different request body",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused");
        return TypedResults.Text(stored.ResponseBody, "application/json", Encoding.UTF8, stored.StatusCode);
    }

    private static string Hash(PaymentPositionModel body, JsonSerializerOptions options) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, options)));
}
