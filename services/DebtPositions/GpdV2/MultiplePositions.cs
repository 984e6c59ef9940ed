using DebtPositions.Gpd;
using DebtPositions.Iuv;
using DebtPositions.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Persistence;

namespace DebtPositions.GpdV2;

// GPD v2's createMultiplePositions, updateMultiplePositions and deleteMultipleDebtPositions: each position as v1
// treats it, all of them in one transaction, so either every position changed or none did. Errors name the position
// by its index (paymentPositions[3].fiscalCode).
internal static class MultiplePositions
{
    public const int MaxPositions = 100; // GPD's max.massive.debt.positions
    public const int MaxIupds = 20; // MultipleIUPDModel's maxItems

    public static async Task<Results<Created, ValidationProblem, ProblemHttpResult>> Create(
        string organizationfiscalcode, MultiplePaymentPositionModel body, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (drafts, errors) = Read(body.PaymentPositions ?? [], now);
        if (Checks.EcFiscalCode(organizationfiscalcode) is { } notEc) errors["organizationfiscalcode"] = [notEc];
        if (errors.Count > 0) return GpdProblems.Validation(errors);
        var iupds = drafts.Select(d => d.Iupd!).ToList();
        var existing = await db.Positions.Where(p => p.OrganizationFiscalCode == organizationfiscalcode && iupds.Contains(p.Iupd))
            .Select(p => p.Iupd).ToListAsync(ct);
        if (existing.Count > 0)
            return DebtPositionsApi.Conflict($"debt position(s) {string.Join(", ", existing)} already exist for organization {organizationfiscalcode}; nothing was created");

        var cause = DebtPositionsApi.Cause(request);
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var assigned = await notices.AssignAsync(organizationfiscalcode, draft.Options!, new Dictionary<string, string>(), ct);
            if (assigned.Errors is { } iuvErrors) return GpdProblems.Validation(StricterThanGpd.OnIuvs(Prefixed(i, iuvErrors)));
            if (assigned.Problem is not null) return assigned.ToProblem();
            var deletedVersion = await DeletePosition.LastVersionAsync(db, organizationfiscalcode, draft.Iupd!, ct);
            var position = Position.Create(organizationfiscalcode, draft.Iupd!, draft.ToContent(organizationfiscalcode, assigned.Numbers!), cause, now, deletedVersion);
            if (toPublish == true && position.Publish(cause, now) is { } refused) return DebtPositionsApi.Conflict(refused);
            db.Positions.Add(position);
            db.PublishChange(position, cause, time);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return DebtPositionsApi.Conflict(e.IsUniqueViolation("ux_payment_options_org_iuv")
                ? $"an IUV of these positions is already used by another notice of organization {organizationfiscalcode}; nothing was created"
                : $"one of these positions was created meanwhile for organization {organizationfiscalcode}; nothing was created");
        }
        return TypedResults.Created();
    }

    public static async Task<Results<Ok, ValidationProblem, ProblemHttpResult>> Update(
        string organizationfiscalcode, MultiplePaymentPositionModel body, bool? toPublish, HttpRequest request,
        DebtPositionsDb db, NoticeAssignment notices, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (drafts, errors) = Read(body.PaymentPositions ?? [], now);
        if (errors.Count > 0) return GpdProblems.Validation(errors);

        var loaded = await Load(db, organizationfiscalcode, drafts.Select(d => d.Iupd!).ToList(), ct);
        if (loaded.Missing is { } missing) return missing;
        var cause = DebtPositionsApi.Cause(request);
        for (var i = 0; i < drafts.Count; i++)
        {
            var position = loaded.Positions[i];
            if (!PositionStatus.IsUpdatable(position.Status))
                return DebtPositionsApi.Conflict($"position {position.Iupd} is {position.Status} and can no longer be updated; nothing was updated");
            var known = position.Options.ToDictionary(o => o.Iuv, o => o.Nav, StringComparer.Ordinal);
            var draft = drafts[i];
            var assigned = await notices.AssignAsync(organizationfiscalcode, draft.Options!, known, ct);
            if (assigned.Errors is { } iuvErrors) return GpdProblems.Validation(StricterThanGpd.OnIuvs(Prefixed(i, iuvErrors)));
            if (assigned.Problem is not null) return assigned.ToProblem();
            if (position.Update(draft.ToContent(organizationfiscalcode, assigned.Numbers!), toPublish == true, cause, now) is { } refused)
                return DebtPositionsApi.Conflict(refused);
            db.PublishChange(position, cause, time);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DebtPositionsApi.Conflict("a position was changed by another request meanwhile; nothing was updated, read them again and retry");
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("ux_payment_options_org_iuv"))
        {
            return DebtPositionsApi.Conflict($"an IUV of these positions is already used by another notice of organization {organizationfiscalcode}; nothing was updated");
        }
        return TypedResults.Ok();
    }

    public static async Task<Results<Ok<string>, ValidationProblem, ProblemHttpResult>> Delete(
        string organizationfiscalcode, [FromBody] MultipleIUPDModel body, HttpRequest request, DebtPositionsDb db, TimeProvider time, CancellationToken ct)
    {
        var iupds = body.PaymentPositionIUPDs ?? [];
        var errors = new Errors();
        if (body.PaymentPositionIUPDs is null) errors.Add("paymentPositionIUPDs", "paymentPositionIUPDs is required");
        else if (iupds.Count is < 1 or > MaxIupds) errors.Add("paymentPositionIUPDs", $"between 1 and {MaxIupds} IUPDs");
        for (var i = 0; i < iupds.Count; i++)
            if (string.IsNullOrWhiteSpace(iupds[i])) errors.Add($"paymentPositionIUPDs[{i}]", "an IUPD is required");
        foreach (var twice in iupds.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add("paymentPositionIUPDs", $"IUPD {twice.Key} appears more than once");
        if (errors.Result.Count > 0) return GpdProblems.Validation(errors.Result);

        var loaded = await Load(db, organizationfiscalcode, iupds, ct);
        if (loaded.Missing is { } missing) return missing;
        return await DeletePosition.DeleteAsync(db, loaded.Positions, DebtPositionsApi.Cause(request), time, ct) is { } refused
            ? refused : TypedResults.Ok("OK");
    }

    // Each body mapped once to the service's draft and validated as v1 validates it; the drafts are what the caller
    // goes on with when there is no error.
    private static (List<PositionDraft> Drafts, Dictionary<string, string[]> Errors) Read(List<PaymentPositionModel> positions, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (positions.Count is < 1 or > MaxPositions)
        {
            errors["paymentPositions"] = [$"between 1 and {MaxPositions} positions"];
            return ([], errors);
        }
        var drafts = new List<PositionDraft>(positions.Count);
        for (var i = 0; i < positions.Count; i++)
        {
            if (positions[i] is null)
            {
                errors[$"paymentPositions[{i}]"] = ["a position is required"];
                continue;
            }
            var request = PositionRequest.V1(positions[i]);
            foreach (var (key, messages) in Prefixed(i, request.Validate(now))) errors[key] = messages;
            drafts.Add(request.Body);
        }
        var twice = drafts.Where(d => d.Iupd is not null).GroupBy(d => d.Iupd, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0) errors["paymentPositions"] = twice.Select(iupd => $"iupd {iupd} appears more than once").ToArray();
        return (drafts, errors);
    }

    private static Dictionary<string, string[]> Prefixed(int index, Dictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key == "organizationfiscalcode" ? e.Key : $"paymentPositions[{index}].{e.Key}", e => e.Value, StringComparer.Ordinal);

    // The positions in the order asked, tracked; or the 404 naming those that do not exist.
    private static async Task<(List<Position> Positions, ProblemHttpResult? Missing)> Load(
        DebtPositionsDb db, string organization, List<string> iupds, CancellationToken ct)
    {
        var found = await db.Positions.Where(p => p.OrganizationFiscalCode == organization && iupds.Contains(p.Iupd))
            .Whole().ToDictionaryAsync(p => p.Iupd, StringComparer.Ordinal, ct);
        var missing = iupds.Where(i => !found.ContainsKey(i)).ToList();
        if (missing.Count == 0) return (iupds.Select(i => found[i]).ToList(), null);
        return ([], TypedResults.Problem($"No debt position {string.Join(", ", missing)} for organization {organization}; nothing was changed",
            statusCode: StatusCodes.Status404NotFound, title: "Debt position not found"));
    }
}
