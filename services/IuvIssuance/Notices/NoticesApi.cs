using ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IuvIssuance.Notices;

internal static class NoticesApi
{
    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/iuv/organizations/{organizationFiscalCode}").WithTags("Notices");
        group.MapPut("/notice-template", PutTemplate).RequireAdmin();
        group.MapGet("/notice-template", GetTemplate);
        group.MapGet("/notices/{nav}.pdf", GetNoticePdf);
        return app;
    }

    private static async Task<Results<Ok<NoticeTemplateView>, ValidationProblem>> PutTemplate(
        string organizationFiscalCode, NoticeTemplateRequest request, IuvDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = request.Validate(organizationFiscalCode, out var logo, out var contentType);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var template = await db.NoticeTemplates.SingleOrDefaultAsync(t => t.OrganizationFiscalCode == organizationFiscalCode, ct);
        if (template is null) db.NoticeTemplates.Add(template = NoticeTemplate.Create(organizationFiscalCode));
        template.Replace(request, logo, contentType, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(NoticeTemplateView.From(template));
    }

    private static async Task<Results<Ok<NoticeTemplateView>, ProblemHttpResult>> GetTemplate(
        string organizationFiscalCode, IuvDb db, CancellationToken ct)
    {
        var template = await db.NoticeTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.OrganizationFiscalCode == organizationFiscalCode, ct);
        return template is null
            ? TypedResults.Problem($"Organization {organizationFiscalCode} has no notice template; notices use the standard one",
                statusCode: StatusCodes.Status404NotFound, title: "Notice template not found")
            : TypedResults.Ok(NoticeTemplateView.From(template));
    }

    // The whole notice of the position the NAV belongs to (every unpaid option, instalments one per page). A NAV that
    // is not 18 digits → 400; unknown NAV → 404; a position or notice that can no longer be paid → 409, because the
    // request is well-formed but the notice's state forbids printing something payable (422 would blame the request's
    // content instead).
    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetNoticePdf(
        string organizationFiscalCode, string nav, IuvDb db, NoticeMetrics metrics, CancellationToken ct)
    {
        if (!ServiceDefaults.PagoPa.NoticeNumber.IsWellFormed(nav))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["nav"] = ["a notice number (NAV) has 18 digits"] });
        var position = await db.NoticeNavs.AsNoTracking()
            .Where(n => n.OrganizationFiscalCode == organizationFiscalCode && n.Nav == nav)
            .Join(db.NoticePositions.AsNoTracking(), n => new { n.OrganizationFiscalCode, n.Iupd },
                p => new { p.OrganizationFiscalCode, p.Iupd }, (n, p) => p)
            .SingleOrDefaultAsync(ct);
        if (position is null)
            return TypedResults.Problem($"No notice {nav} is known for organization {organizationFiscalCode}",
                statusCode: StatusCodes.Status404NotFound, title: "Notice not found");
        var snapshot = position.ToSnapshot();
        var refusal = NoticePages.Check(snapshot) ?? NoticeOption(snapshot, nav);
        if (refusal is not null) return NotPayable(nav, refusal);
        var template = await db.NoticeTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.OrganizationFiscalCode == organizationFiscalCode, ct)
                       ?? NoticeTemplate.Default(organizationFiscalCode);
        using var pdf = new NoticePdf(template, $"Avviso di pagamento {nav}");
        var schedules = await NoticeSchedule.ForPositionsAsync(db, organizationFiscalCode, [snapshot.Iupd], ct);
        pdf.Add(NoticePages.Build(snapshot, template, schedules));
        metrics.PagesRendered(pdf.PageCount, "single");
        return TypedResults.File(pdf.ToArray(), "application/pdf", $"avviso-{nav}.pdf");
    }

    private static NotPrintable? NoticeOption(Contracts.DebtPositions.DebtPositionSnapshot snapshot, string nav) =>
        snapshot.Options.FirstOrDefault(o => o.Nav == nav) is { } option && !NoticePages.IsUnpaid(option)
            ? new NotPrintable(option.Status, "this notice is already paid")
            : null;

    private static ProblemHttpResult NotPayable(string nav, NotPrintable refusal) =>
        TypedResults.Problem($"Notice {nav} cannot be printed: {refusal.Reason} (status {refusal.Status})",
            statusCode: StatusCodes.Status409Conflict, title: "Notice not payable",
            extensions: new Dictionary<string, object?> { ["positionStatus"] = refusal.Status });
}
