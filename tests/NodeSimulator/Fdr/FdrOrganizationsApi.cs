using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NodeSimulator.Fdr;

// The Node's FdR REST API for creditor institutions, as fdr_organization.json describes it: paths at the root,
// camelCase fields, paging metadata, ErrorResponse bodies with FDR-xxxx codes.
internal static class FdrOrganizationsApi
{
    public static IEndpointRouteBuilder MapFdrOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/organizations/{organizationId}/fdrs").WithTags("FdR: organizations");
        group.MapGet("", GetAllPublishedFlows);
        group.MapGet("/{fdr}/revisions/{revision}/psps/{pspId}", GetSinglePublishedFlow);
        group.MapGet("/{fdr}/revisions/{revision}/psps/{pspId}/payments", GetPayments);
        return app;
    }

    private static Results<Ok<Page<FlowByPsp>>, JsonHttpResult<ErrorResponse>> GetAllPublishedFlows(
        string organizationId, string? flowDate, string? page, string? pspId, string? publishedGt, string? size,
        FlowStore store, TimeProvider time)
    {
        var errors = new List<ErrorMessage>();
        // Spec default for both dates: the start of the previous calendar month, 00:00 UTC.
        var now = time.GetUtcNow();
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1);
        var fromFlowDate = Instant(flowDate, "flowDate", errors) ?? monthStart;
        var fromPublished = Instant(publishedGt, "publishedGt", errors) ?? monthStart;
        var paging = Paging.Parse(page, size, 1000, errors);
        if (errors.Count > 0) return ErrorResponse.BadRequest(errors);

        var flows = store.LatestOf(organizationId)
            .Where(f => f.FdrDate >= fromFlowDate && f.Published > fromPublished && (pspId is null || f.PspId == pspId))
            .Select(f => new FlowByPsp(f.Fdr, f.PspId, f.Revision, f.Published, f.FdrDate))
            .ToList();
        return TypedResults.Ok(paging.Apply(flows));
    }

    private static Results<Ok<SingleFlowResponse>, JsonHttpResult<ErrorResponse>> GetSinglePublishedFlow(
        string organizationId, string fdr, string revision, string pspId, FlowStore store)
    {
        if (!long.TryParse(revision, CultureInfo.InvariantCulture, out var rev) || rev < 1)
            return ErrorResponse.BadRequest([new("revision", "must be an integer >= 1")]);
        return store.Find(organizationId, fdr, rev, pspId) is { } f
            ? TypedResults.Ok(SingleFlowResponse.From(f))
            : ErrorResponse.NotFound(fdr);
    }

    private static Results<Ok<Page<PaymentView>>, JsonHttpResult<ErrorResponse>> GetPayments(
        string organizationId, string fdr, string revision, string pspId, string? page, string? size, FlowStore store)
    {
        var errors = new List<ErrorMessage>();
        if (!long.TryParse(revision, CultureInfo.InvariantCulture, out var rev) || rev < 1) errors.Add(new("revision", "must be an integer >= 1"));
        var paging = Paging.Parse(page, size, long.MaxValue, errors);
        if (errors.Count > 0) return ErrorResponse.BadRequest(errors);
        if (store.Find(organizationId, fdr, rev, pspId) is not { } f) return ErrorResponse.NotFound(fdr);
        // Rows are kept in index order (FlowPublisher numbers them as it adds them): only the page asked for is projected, so a
        // 100,000-row flow read page by page costs the simulator one page per request.
        return TypedResults.Ok(paging.Apply(f.Payments, p => new PaymentView(p.Index, p.Iuv, p.Iur, p.IdTransfer, p.Pay, p.PayStatus, p.PayDate)));
    }

    // ISO-8601 instant; without an offset it is read as UTC (the spec's yyyy-MM-dd'T'HH:mm:ss form).
    private static DateTimeOffset? Instant(string? value, string name, List<ErrorMessage> errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
            return instant;
        errors.Add(new(name, $"'{value}' is not an ISO-8601 date-time"));
        return null;
    }
}
