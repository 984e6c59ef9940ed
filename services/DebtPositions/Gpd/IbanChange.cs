using DebtPositions.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Gpd;

// PATCH …/debtpositions/transfers?oldIban=…[&limit=…] (GPD updateTransferIbanMassive): moves the transfers still to
// be paid from one IBAN to another. Each changed position gets a new version, a history row and a published snapshot,
// so the station answers with the new IBAN at once.
internal static class IbanChange
{
    public static async Task<Results<Ok<UpdateTransferIbanMassiveResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string organizationfiscalcode, [FromQuery] string? oldIban, UpdateTransferIbanMassiveModel body, [FromQuery] int? limit,
        HttpRequest request, DebtPositionsDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = new Errors();
        if (string.IsNullOrEmpty(oldIban)) errors.Add("oldIban", "oldIban is required");
        if (string.IsNullOrEmpty(body.NewIban)) errors.Add("newIban", "newIban is required");
        else if (Checks.Iban(body.NewIban) is { } problem) errors.Add("newIban", problem);
        if (limit is < 1 or > 1000) errors.Add("limit", "limit is between 1 and 1000");
        if (errors.Result.Count > 0) return GpdProblems.Validation(errors.Result);

        var old = oldIban!.ToUpperInvariant();
        var newIban = body.NewIban!.ToUpperInvariant();
        // Only notices that can still be paid: a paid transfer keeps the IBAN it was paid to.
        var ids = await db.PaymentOptions
            .Where(o => o.OrganizationFiscalCode == organizationfiscalcode && o.Status == OptionStatus.Unpaid
                        && o.Transfers.Any(t => t.Iban == old))
            .Select(o => o.PositionId).Distinct().OrderBy(id => id).Take(limit ?? 1000).ToListAsync(ct);
        var positions = await db.Positions.Where(p => ids.Contains(p.Id))
            .Whole().ToListAsync(ct);
        var cause = DebtPositionsApi.Cause(request);
        var now = time.GetUtcNow();
        var updated = 0;
        foreach (var position in positions)
        {
            var changed = position.ChangeIban(old, newIban, cause, now);
            if (changed == 0) continue;
            updated += changed;
            db.PublishChange(position, cause, time);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // All or nothing: a position changed meanwhile (a payment?), so no IBAN moved; the call can be repeated.
            return DebtPositionsApi.Conflict("a position changed while its IBANs were being moved; nothing was changed, retry");
        }
        return TypedResults.Ok(new UpdateTransferIbanMassiveResponse("IBAN updated", updated));
    }
}
