using DebtPositions.Gpd;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;

namespace DebtPositions.Statement;

// Our additions: the debtor statement (estratto conto) of one fiscal code within one EC, across revenue types, and
// the search of positions by IUPD, NAV, IUV or the issuing system's external reference (by name: NameSearchApi).
internal static class StatementApi
{
    public static IEndpointRouteBuilder MapStatementApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/debt-positions/v1/organizations/{organizationfiscalcode}").WithTags("DebtPositions");
        group.MapGet("/debtors/{fiscalCode}/statement", GetStatement);
        group.MapGet("/search", Search);
        group.MapNameSearch();
        group.MapLatestPositions();
        return app;
    }

    // Positions of the debtor (as the position's debtor or as the debtor of one of its notices); drafts and
    // invalidated ones owe nothing.
    private static async Task<Ok<DebtorStatement>> GetStatement(
        string organizationfiscalcode, string fiscalCode, DebtPositionsDb db, TimeProvider time, CancellationToken ct)
    {
        var code = fiscalCode.ToUpperInvariant();
        var asOptionDebtor = System.Text.Json.JsonSerializer.Serialize(new { fiscalCode = code });
        // Two index lookups joined by a UNION: the position's debtor (ix_positions_org_fiscal_code), and the option's
        // own debtor, jsonb matched by containment (ix_payment_options_debtor). One OR across the two tables made
        // PostgreSQL read every position of the EC instead (migration 0025).
        var asPositionDebtor = db.Positions.Where(p => p.OrganizationFiscalCode == organizationfiscalcode && p.FiscalCode == code).Select(p => p.Id);
        var asOptionDebtorOf = db.PaymentOptions
            .Where(o => o.OrganizationFiscalCode == organizationfiscalcode && o.Debtor != null && EF.Functions.JsonContains(o.Debtor, asOptionDebtor))
            .Select(o => o.PositionId);
        var ids = asPositionDebtor.Union(asOptionDebtorOf);
        var positions = await db.Positions.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.OrganizationFiscalCode == organizationfiscalcode
                        && p.Status != PositionStatus.Draft && p.Status != PositionStatus.Invalid)
            .OrderBy(p => p.Id)
            .Include(p => p.Options).AsSplitQuery().ToListAsync(ct);
        var today = RomeCalendar.DateOf(time.GetUtcNow());
        var lines = positions.Select(p => StatementLine.Of(p, today)).ToList();
        return TypedResults.Ok(new DebtorStatement(organizationfiscalcode, code, today,
            lines.Sum(l => l.AmountDue), lines.Sum(l => l.AmountOverdue), lines.Sum(l => l.AmountPaid), lines));
    }

    private static async Task<Results<Ok<List<PositionResponse>>, ValidationProblem>> Search(
        string organizationfiscalcode, [FromQuery] string? iupd, [FromQuery] string? nav, [FromQuery] string? iuv,
        [FromQuery] string? externalReference, DebtPositionsDb db, CancellationToken ct)
    {
        if (iupd is null && nav is null && iuv is null && externalReference is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["query"] = ["give iupd, nav, iuv or externalReference"] });
        if (nav is not null && !ServiceDefaults.PagoPa.NoticeNumber.IsWellFormed(nav))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["nav"] = ["a notice number (NAV) is 18 digits"] });
        var found = await Matching(db, organizationfiscalcode, iupd, nav, iuv, externalReference)
            .Whole().ToListAsync(ct);
        return TypedResults.Ok(found.Select(p => p.ToResponse()).ToList());
    }

    // The search's query (its plan is tested: SearchIndexTests). Every notice condition names the EC too: the notices'
    // indexes lead with it, and without it PostgreSQL read every notice of the platform to find one IUV.
    internal static IQueryable<Position> Matching(DebtPositionsDb db, string organization, string? iupd, string? nav, string? iuv, string? externalReference)
    {
        var query = db.Positions.AsNoTracking().Where(p => p.OrganizationFiscalCode == organization);
        if (iupd is not null) query = query.Where(p => p.Iupd == iupd);
        if (externalReference is not null) query = query.Where(p => p.ExternalReference == externalReference);
        // By the IUV inside the NAV (NOTES §1): its unique index answers, and notices need no second index by NAV (ADR 0017).
        if (nav is not null)
        {
            var iuvInNav = ServiceDefaults.PagoPa.NoticeNumber.IuvOf(nav);
            query = query.Where(p => p.Options.Any(o => o.OrganizationFiscalCode == organization && o.Iuv == iuvInNav && o.Nav == nav));
        }
        if (iuv is not null) query = query.Where(p => p.Options.Any(o => o.OrganizationFiscalCode == organization && o.Iuv == iuv));
        return query.OrderBy(p => p.Id).Take(100);
    }
}
