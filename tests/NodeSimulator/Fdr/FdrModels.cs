using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NodeSimulator.Fdr;

internal sealed record Metadata(int PageSize, int PageNumber, int TotPage);

// PaginatedFlowsResponse / PaginatedPaymentsResponse. count is the number of matching elements over all pages.
internal sealed record Page<T>(Metadata Metadata, long Count, IReadOnlyList<T> Data);

internal sealed record FlowByPsp(string Fdr, string PspId, long Revision, DateTimeOffset Published, DateTimeOffset FlowDate);

internal sealed record PaymentView(long Index, string Iuv, string Iur, long IdTransfer, decimal Pay, string PayStatus, DateTimeOffset PayDate);

internal sealed record SingleFlowResponse(
    string Status, long Revision, DateTimeOffset Created, DateTimeOffset Updated, string Fdr, DateTimeOffset FdrDate,
    string Regulation, DateOnly RegulationDate, string BicCodePouringBank, FlowSender Sender, FlowReceiver Receiver,
    DateTimeOffset Published, long ComputedTotPayments, decimal ComputedSumPayments, long TotPayments, decimal SumPayments)
{
    public static SingleFlowResponse From(PublishedFlow f) => new("PUBLISHED", f.Revision, f.Created, f.Published, f.Fdr, f.FdrDate,
        f.Regulation, f.RegulationDate, f.BicCodePouringBank, f.Sender, f.Receiver, f.Published,
        f.Payments.Count, f.Payments.Sum(p => p.Pay), f.TotPayments, f.SumPayments);
}

internal sealed record ErrorMessage(string? Path, string Message);

// The FdR service's error body (ErrorResponse); codes as in pagopa-fdr: FDR-0400 bad request, FDR-0701 flow not
// found.
internal sealed record ErrorResponse(string ErrorId, int HttpStatusCode, string HttpStatusDescription, string AppErrorCode, IReadOnlyList<ErrorMessage> Errors)
{
    public static JsonHttpResult<ErrorResponse> BadRequest(IReadOnlyList<ErrorMessage> errors) =>
        TypedResults.Json(new ErrorResponse(Guid.NewGuid().ToString(), 400, "Bad Request", "FDR-0400", errors), statusCode: 400);

    public static JsonHttpResult<ErrorResponse> NotFound(string fdr) =>
        TypedResults.Json(new ErrorResponse(Guid.NewGuid().ToString(), 404, "Not Found", "FDR-0701", [new(null, $"Fdr [{fdr}] not found")]), statusCode: 404);
}

internal readonly record struct Paging(long Page, long Size)
{
    public static Paging Parse(string? page, string? size, long maxSize, List<ErrorMessage> errors)
    {
        long p = 1, s = 1000;
        if (page is not null && (!long.TryParse(page, CultureInfo.InvariantCulture, out p) || p < 1)) errors.Add(new("page", "must be an integer >= 1"));
        if (size is not null && (!long.TryParse(size, CultureInfo.InvariantCulture, out s) || s < 1 || s > maxSize))
            errors.Add(new("size", maxSize == long.MaxValue ? "must be an integer >= 1" : $"must be an integer between 1 and {maxSize}"));
        return new Paging(p, s);
    }

    public Page<T> Apply<T>(IReadOnlyList<T> all) => Apply(all, x => x);

    // The page of all, each element of it (and only those) projected.
    public Page<TOut> Apply<TIn, TOut>(IReadOnlyList<TIn> all, Func<TIn, TOut> project)
    {
        // (Page − 1) × Size is computed only where it cannot overflow: beyond the last page the page is empty.
        var first = Page - 1 > all.Count / Size ? all.Count : Math.Min(all.Count, (Page - 1) * Size);
        var count = (int)Math.Min(all.Count - first, Size);
        var data = new List<TOut>(count);
        for (var i = 0; i < count; i++) data.Add(project(all[(int)first + i]));
        var totPage = (int)((all.Count + Size - 1) / Size);
        return new Page<TOut>(new Metadata((int)Math.Min(int.MaxValue, Size), (int)Page, totPage), all.Count, data);
    }
}
