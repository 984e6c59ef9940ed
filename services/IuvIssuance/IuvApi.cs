using ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IuvIssuance;

internal static class IuvApi
{
    public const int MaxBlock = 10_000;

    public static IEndpointRouteBuilder MapIuvApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/iuv/organizations/{organizationFiscalCode}").WithTags("IuvIssuance");
        group.MapPut("", Configure).RequireAdmin();
        group.MapGet("", GetConfiguration);
        group.MapPost("/iuvs", Allocate);
        group.MapPost("/iuvs/validate", Validate).RequireReadOnly();
        return app;
    }

    private static async Task<Results<Ok<OrganizationView>, Created<OrganizationView>, ValidationProblem>> Configure(
        string organizationFiscalCode, OrganizationRequest request, IuvDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = request.Validate(organizationFiscalCode);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var scheme = request.ToScheme();
        var now = time.GetUtcNow();
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.OrganizationFiscalCode == organizationFiscalCode, ct);
        if (organization is null)
        {
            organization = IssuingOrganization.Create(organizationFiscalCode, scheme, now);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/iuv/organizations/{organizationFiscalCode}", OrganizationView.From(organization));
        }
        organization.Configure(scheme, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(OrganizationView.From(organization));
    }

    private static async Task<Results<Ok<OrganizationView>, ProblemHttpResult>> GetConfiguration(
        string organizationFiscalCode, IuvDb db, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.OrganizationFiscalCode == organizationFiscalCode, ct);
        return organization is null ? UnknownOrganization(organizationFiscalCode) : TypedResults.Ok(OrganizationView.From(organization));
    }

    private static async Task<Results<Ok<AllocationResponse>, ValidationProblem, ProblemHttpResult>> Allocate(
        string organizationFiscalCode, AllocationRequest request, IuvAllocator allocator, CancellationToken ct)
    {
        if (request.Count is not (>= 1 and <= MaxBlock))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["count"] = [$"count must be between 1 and {MaxBlock}, got {request.Count}"],
            });
        var allocation = await allocator.AllocateAsync(organizationFiscalCode, request.Count, ct);
        return allocation.Outcome switch
        {
            AllocationOutcome.Allocated => TypedResults.Ok(new AllocationResponse(allocation.Numbers)),
            AllocationOutcome.UnknownOrganization => UnknownOrganization(organizationFiscalCode),
            _ => TypedResults.Problem($"The IUV space of {organizationFiscalCode} cannot hold {request.Count} more numbers",
                statusCode: StatusCodes.Status409Conflict, title: "IUV space exhausted"),
        };
    }

    // An invalid number is a valid question: 200 with the reason; only a malformed request is a 400.
    private static async Task<Results<Ok<ValidationResponse>, ValidationProblem, ProblemHttpResult>> Validate(
        string organizationFiscalCode, ValidationRequest request, IuvDb db, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.Iuv) == string.IsNullOrEmpty(request.Nav))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["iuv"] = ["give exactly one of iuv and nav"],
            });
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.OrganizationFiscalCode == organizationFiscalCode, ct);
        if (organization is null) return UnknownOrganization(organizationFiscalCode);
        var result = NoticeNumbers.Validate(organization.Scheme, request.Iuv, request.Nav);
        return TypedResults.Ok(new ValidationResponse(result.Valid, result.Iuv, result.Nav, result.Code, result.Reason));
    }

    private static ProblemHttpResult UnknownOrganization(string organizationFiscalCode) =>
        TypedResults.Problem($"Organization {organizationFiscalCode} has no IUV configuration: PUT /api/iuv/organizations/{organizationFiscalCode} first",
            statusCode: StatusCodes.Status404NotFound, title: "Organization not configured");
}
