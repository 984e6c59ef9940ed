using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Security;
using ServiceDefaults.Web;

namespace Reporting.Treasury;

// Treasury and bank statements of one EC: upload, the movements read, and an operator's match or unmatch.
internal static class TreasuryApi
{
    // A month of a municipality's statements fits many times over; a bigger upload is refused before it is read.
    public const int MaxFileBytes = 30 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTreasuryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reporting/organizations/{organizationFiscalCode}/treasury").WithTags("Treasury");
        group.MapPost("/statements", UploadStatement);
        group.MapGet("/statements", ListStatements);
        group.MapGet("/balance-gaps", ListBalanceGaps);
        group.MapGet("/movements", ListMovements);
        group.MapGet("/movements/{movementId:long}", GetMovement);
        group.MapPost("/movements/{movementId:long}/match", TreasuryDecisions.MatchAsync);
        group.MapPost("/movements/{movementId:long}/unmatch", TreasuryDecisions.UnmatchAsync);
        return app;
    }

    // The file is the body (any content type); format (camt, cbi, rh, opi, csv) when the caller knows it;
    // acceptUnbalanced stores a statement whose balances do not add up, marked so.
    private static async Task<Results<Created<StatementView>, Ok<StatementView>, ValidationProblem, ProblemHttpResult>> UploadStatement(
        string organizationFiscalCode, string? format, bool? acceptUnbalanced, HttpRequest request, TreasuryImport import, ReportingDb db, CancellationToken ct)
    {
        if (format is not null && !StatementFormats.Names.Contains(format))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"one of {string.Join(", ", StatementFormats.Names)}, or absent to detect it"] });
        var file = await ReadBodyAsync(request, ct);
        if (file is null)
            return TypedResults.Problem($"A statement file is at most {MaxFileBytes / 1024 / 1024} MiB; split it by day or account.", statusCode: 413, title: "The file is too large");
        if (file.Length == 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["the statement file is the request body, and it is empty"] });
        var outcome = await import.ImportAsync(organizationFiscalCode, file, format, acceptUnbalanced == true, request.HttpContext.User.ClientId() ?? "unknown", ct);
        if (outcome.Unbalanced is { } unbalanced) return UnbalancedStatement.Problem(unbalanced);
        if (outcome.Refused is { } refused)
            return TypedResults.ValidationProblem(
                refused.Problems.GroupBy(p => p.Where).ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToArray()),
                title: "The statement file is refused: nothing of it was stored",
                detail: $"Read as {refused.Format} {refused.Version}".TrimEnd() + $"; the first {refused.Problems.Count} problem(s), each with where it is.");
        var view = StatementView.Of(outcome.File!, outcome.AlreadyImported) with
        {
            BalanceGaps = await BalanceGaps.FindAsync(db, organizationFiscalCode, outcome.File!.Id, null, ct),
        };
        return outcome.AlreadyImported
            ? TypedResults.Ok(view)
            : TypedResults.Created($"/api/reporting/organizations/{organizationFiscalCode}/treasury/statements/{view.FileId}", view);
    }

    private static async Task<Ok<StatementView[]>> ListStatements(string organizationFiscalCode, ReportingDb db, CancellationToken ct, int limit = 100) =>
        TypedResults.Ok((await db.TreasuryFiles.AsNoTracking().Where(f => f.OrganizationFiscalCode == organizationFiscalCode)
            .OrderByDescending(f => f.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct)).Select(f => StatementView.Of(f, false)).ToArray());

    // Where an account's statements do not chain (ADR 0066), optionally for one account or one file.
    private static async Task<Ok<BalanceGapView[]>> ListBalanceGaps(string organizationFiscalCode, string? account, long? fileId, ReportingDb db, CancellationToken ct) =>
        TypedResults.Ok(await BalanceGaps.FindAsync(db, organizationFiscalCode, fileId, account, ct));

    // Movements, newest first, optionally of one kind, one file or a booking-date range.
    private static async Task<Results<Ok<MovementView[]>, ValidationProblem>> ListMovements(
        string organizationFiscalCode, string? kind, long? fileId, DateOnly? from, DateOnly? to, ReportingDb db, CancellationToken ct, int limit = 100)
    {
        var kinds = MovementKind.All;
        if (kind is not null && !kinds.Contains(kind))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"one of {string.Join(", ", kinds)}"] });
        var query = db.TreasuryMovements.AsNoTracking().Where(m => m.OrganizationFiscalCode == organizationFiscalCode);
        if (kind is not null) query = query.Where(m => m.Kind == kind);
        if (fileId is not null) query = query.Where(m => m.FileId == fileId);
        if (from is not null) query = query.Where(m => m.BookingDate >= from);
        if (to is not null) query = query.Where(m => m.BookingDate <= to);
        var movements = await query.OrderByDescending(m => m.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);
        var ids = movements.Select(m => m.Id).ToList();
        var matches = await db.MovementReconciliations.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        return TypedResults.Ok(movements.Select(m => MovementView.Of(m, matches.GetValueOrDefault(m.Id))).ToArray());
    }

    private static async Task<Results<Ok<MovementDetail>, ProblemHttpResult>> GetMovement(
        string organizationFiscalCode, long movementId, ReportingDb db, CancellationToken ct)
    {
        var movement = await db.TreasuryMovements.AsNoTracking()
            .SingleOrDefaultAsync(m => m.OrganizationFiscalCode == organizationFiscalCode && m.Id == movementId, ct);
        if (movement is null) return NotFound(organizationFiscalCode, movementId);
        var match = await db.MovementReconciliations.AsNoTracking().SingleAsync(r => r.Id == movementId, ct);
        var decisions = await db.TreasuryDecisions.AsNoTracking().Where(d => d.MovementId == movementId).OrderBy(d => d.Id)
            .Select(d => new DecisionView(d.Action, d.FlowId, d.Reason, d.DecidedBy, d.DecidedAt)).ToArrayAsync(ct);
        return TypedResults.Ok(new MovementDetail(MovementView.Of(movement, match), decisions));
    }

    public static ProblemHttpResult NotFound(string organization, long movementId) =>
        TypedResults.Problem($"No treasury movement {movementId} for organization {organization}", statusCode: 404, title: "Movement not found");

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxFileBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
