using ServiceDefaults.Security;
using DebtPositions.Gpd;
using DebtPositions.Lifecycle;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions;

// GPD v1 under /api/debt-positions/v1: an EC integrated with GPD switches by changing its base URL. Paths, JSON
// names, query parameters and status codes follow gpd.json; our additions are extra fields and extra operations
// (history, revalidate).
internal static class DebtPositionsApi
{
    public const string Prefix = "/api/debt-positions/v1/organizations/{organizationfiscalcode}/debtpositions";

    public static IEndpointRouteBuilder MapDebtPositionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("DebtPositions");
        group.MapPost("", CreatePosition.Handle);
        group.MapGet("", ListPositions.Handle);
        group.MapPatch("/transfers", IbanChange.Handle);
        group.MapGet("/{iupd}", GetPosition);
        group.MapPut("/{iupd}", UpdatePosition.Handle);
        group.MapDelete("/{iupd}", DeletePosition.Handle);
        group.MapPost("/{iupd}/publish", LifecycleApi.Publish);
        group.MapPost("/{iupd}/invalidate", LifecycleApi.Invalidate);
        group.MapPost("/{iupd}/revalidate", LifecycleApi.Revalidate);
        group.MapGet("/{iupd}/history", GetHistory);
        app.MapGet("/api/debt-positions/v1/info", GpdInfo.Handle).ForAnyOrganization().WithTags("DebtPositions");
        app.MapPost("/api/debt-positions/v1" + AlreadyPaid.Route, AlreadyPaid.Handle).WithTags("DebtPositions");
        return app;
    }

    private static async Task<Results<Ok<PositionResponse>, ProblemHttpResult>> GetPosition(
        string organizationfiscalcode, string iupd, DebtPositionsDb db, HttpResponse response, CancellationToken ct)
    {
        var position = await db.ReadAsync(organizationfiscalcode, iupd, ct);
        if (position is null) return NotFound(organizationfiscalcode, iupd);
        response.Headers.ETag = ETag(position);
        return TypedResults.Ok(position.ToResponse());
    }

    public static async Task<Results<Ok<List<HistoryResponse>>, ProblemHttpResult>> GetHistory(
        string organizationfiscalcode, string iupd, DebtPositionsDb db, CancellationToken ct)
    {
        var position = await Bulk.ImportedHistory.FindAsync(db, organizationfiscalcode, iupd, ct);
        if (position is null) return NotFound(organizationfiscalcode, iupd);
        // An imported position starts with what its import did to it (ADR 0011), then its own rows.
        var history = Bulk.ImportedHistory.Entries(position);
        history.AddRange(await db.History.AsNoTracking().Where(h => h.PositionId == position.Id).OrderBy(h => h.Id)
            .Select(h => new HistoryResponse(h.Version, h.Change, h.PreviousStatus, h.NewStatus, h.Cause, h.Detail, h.OccurredAt))
            .ToListAsync(ct));
        return TypedResults.Ok(history);
    }

    public static string ETag(Position position) => $"\"{position.Version}\"";

    // The caller recorded in the history: the client id of the caller's verified identity.
    public static string Cause(HttpRequest request) =>
        "api:" + (request.HttpContext.User.ClientId() is { Length: > 0 and <= 100 } client ? client : "anonymous");

    // If-Match with a stale version is a conflict, like a concurrent update (GPD has no ETags; ours are optional).
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, Position position) => CheckIfMatch(request.Headers.IfMatch.FirstOrDefault(), position);

    public static ProblemHttpResult? CheckIfMatch(string? ifMatch, Position position)
    {
        return ifMatch is null || ifMatch == "*" || ifMatch == ETag(position) ? null
            : Conflict($"position {position.Iupd} is at version {position.Version}, the request was based on {ifMatch}");
    }

    public static ProblemHttpResult NotFound(string organization, string iupd) =>
        TypedResults.Problem($"No debt position {iupd} for organization {organization}", statusCode: StatusCodes.Status404NotFound, title: "Debt position not found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
