using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IuvIssuance.Notices.Batches;

internal static class NoticeBatchesApi
{
    public static IEndpointRouteBuilder MapNoticeBatchesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/iuv/organizations/{organizationFiscalCode}/notice-batches").WithTags("Notices");
        group.MapPost("", CreateBatch);
        group.MapGet("/{batchId:guid}", GetBatch);
        group.MapGet("/{batchId:guid}/file", GetFile);
        group.MapDelete("/{batchId:guid}", DeleteBatch);
        return app;
    }

    // 202 with the batch; a repeated Idempotency-Key answers the batch it created the first time. Unknown explicit
    // positions → 400 field error; a filter matching nothing → 422.
    private static async Task<Results<Accepted<NoticeBatchView>, ValidationProblem, ProblemHttpResult>> CreateBatch(
        string organizationFiscalCode, NoticeBatchRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IuvDb db, NoticeBatchStore store, TimeProvider time, CancellationToken ct)
    {
        var errors = request.Validate(organizationFiscalCode);
        if (idempotencyKey is { Length: > 100 }) errors["Idempotency-Key"] = ["the Idempotency-Key header has at most 100 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await FindByKeyAsync(db, organizationFiscalCode, idempotencyKey, ct) is { } existing) return Accepted(existing, time);
        if (request.Iupds is not null && await store.UnknownIupdsAsync(organizationFiscalCode, request.DistinctIupds(), ct) is { Count: > 0 } unknown)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["iupds"] = unknown.Select(i => $"no published position {i} is known for {organizationFiscalCode}").ToArray(),
            });
        var id = Guid.CreateVersion7();
        int total;
        try { total = await store.CreateAsync(id, organizationFiscalCode, idempotencyKey, request, time.GetUtcNow(), ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && idempotencyKey is not null)
        {
            // The same key raced in from another request: that one won, answer its batch.
            return Accepted((await FindByKeyAsync(db, organizationFiscalCode, idempotencyKey, ct))!, time);
        }
        if (total == 0)
            return TypedResults.Problem($"No printable position of {organizationFiscalCode} matches the filter",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing to render");
        return Accepted(await db.NoticeBatches.AsNoTracking().SingleAsync(b => b.Id == id, ct), time);
    }

    private static async Task<Results<Ok<NoticeBatchView>, ProblemHttpResult>> GetBatch(
        string organizationFiscalCode, Guid batchId, IuvDb db, TimeProvider time, CancellationToken ct)
    {
        var batch = await FindAsync(db, organizationFiscalCode, batchId, ct);
        return batch is null ? UnknownBatch(organizationFiscalCode, batchId) : TypedResults.Ok(NoticeBatchView.From(batch, time.GetUtcNow()));
    }

    // The zip, streamed from its stored chunks; 409 until the batch is completed.
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetFile(
        string organizationFiscalCode, Guid batchId, IuvDb db, NoticeBatchStore store, HttpContext http, CancellationToken ct)
    {
        var batch = await FindAsync(db, organizationFiscalCode, batchId, ct);
        if (batch is null) return UnknownBatch(organizationFiscalCode, batchId);
        if (batch.Status != NoticeBatch.Completed)
            return TypedResults.Problem($"Batch {batchId} is {batch.Status}; its file exists once it is completed",
                statusCode: StatusCodes.Status409Conflict, title: "Batch not completed");
        http.Response.ContentLength = batch.SizeBytes;
        return TypedResults.Stream(output => store.CopyFileAsync(batchId, output, ct), "application/zip", $"avvisi-{batchId}.zip");
    }

    // Frees the stored file once the EC has it; a batch still rendering cannot be deleted (409).
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteBatch(
        string organizationFiscalCode, Guid batchId, IuvDb db, NoticeBatchStore store, CancellationToken ct)
    {
        if (await store.DeleteAsync(organizationFiscalCode, batchId, ct)) return TypedResults.NoContent();
        var batch = await FindAsync(db, organizationFiscalCode, batchId, ct);
        return batch is null
            ? UnknownBatch(organizationFiscalCode, batchId)
            : TypedResults.Problem($"Batch {batchId} is {batch.Status}; it can be deleted once it is completed or failed",
                statusCode: StatusCodes.Status409Conflict, title: "Batch in progress");
    }

    private static Accepted<NoticeBatchView> Accepted(NoticeBatch batch, TimeProvider time) =>
        TypedResults.Accepted($"/api/iuv/organizations/{batch.OrganizationFiscalCode}/notice-batches/{batch.Id}",
            NoticeBatchView.From(batch, time.GetUtcNow()));

    private static Task<NoticeBatch?> FindAsync(IuvDb db, string fc, Guid id, CancellationToken ct) =>
        db.NoticeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id && b.OrganizationFiscalCode == fc, ct);

    private static async Task<NoticeBatch?> FindByKeyAsync(IuvDb db, string fc, string? key, CancellationToken ct) =>
        key is null ? null : await db.NoticeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.OrganizationFiscalCode == fc && b.IdempotencyKey == key, ct);

    private static ProblemHttpResult UnknownBatch(string fc, Guid id) =>
        TypedResults.Problem($"No notice batch {id} for organization {fc}", statusCode: StatusCodes.Status404NotFound, title: "Batch not found");
}
