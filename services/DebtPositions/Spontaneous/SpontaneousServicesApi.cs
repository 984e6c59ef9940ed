using Contracts.DebtPositions;
using ServiceDefaults.Messaging;
using ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Spontaneous;

// The EC's catalogue of spontaneous-payment services (ours; GPD has none).
internal static class SpontaneousServicesApi
{
    public static IEndpointRouteBuilder MapSpontaneousServicesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/debt-positions/v1/organizations/{organizationfiscalcode}/spontaneous-services")
            .WithTags("Spontaneous services");
        group.MapGet("/", List);
        group.MapPut("/{serviceId}", Define).RequireAdmin();
        return app;
    }

    private static async Task<Ok<Dictionary<string, SpontaneousServiceModel>>> List(string organizationfiscalcode, DebtPositionsDb db, CancellationToken ct)
    {
        var services = await db.SpontaneousServices.AsNoTracking()
            .Where(s => s.OrganizationFiscalCode == organizationfiscalcode).OrderBy(s => s.ServiceId).ToListAsync(ct);
        return TypedResults.Ok(services.ToDictionary(s => s.ServiceId, s => s.ToModel()));
    }

    private static async Task<Results<Ok<SpontaneousServiceModel>, ValidationProblem>> Define(
        string organizationfiscalcode, string serviceId, SpontaneousServiceModel body, DebtPositionsDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(organizationfiscalcode, serviceId, body);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var service = await db.SpontaneousServices
            .SingleOrDefaultAsync(s => s.OrganizationFiscalCode == organizationfiscalcode && s.ServiceId == serviceId, ct);
        if (service is null) db.SpontaneousServices.Add(service = SpontaneousService.Define(organizationfiscalcode, serviceId, body, time.GetUtcNow()));
        else service.Update(body, time.GetUtcNow());
        // The station learns the service's schema from this event (ADR 0092): no restart, no configuration change.
        db.AddToOutbox(new SpontaneousServiceDefined(organizationfiscalcode, serviceId, service.SchemaFile, service.UpdatedAt), time);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(service.ToModel());
    }

    private static Dictionary<string, string[]> Validate(string organization, string serviceId, SpontaneousServiceModel? body)
    {
        if (body is null) return new() { [""] = ["a JSON object is required"] };
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message) { if (!ok) errors[field] = [message]; }
        Check(ServiceDefaults.Security.OrganizationCode.IsValid(organization), "organizationfiscalcode", "an EC fiscal code has 11 digits");
        Check(serviceId.Length == 5, "serviceId", "idServizio has exactly 5 characters");
        Check(!string.IsNullOrWhiteSpace(body.Description) && body.Description.Length <= 140, "description", "required, at most 140 characters");
        Check(!string.IsNullOrWhiteSpace(body.CompanyName) && body.CompanyName.Length <= 140, "companyName", "required, at most 140 characters");
        Check(!string.IsNullOrWhiteSpace(body.Category), "category", "required: the taxonomy code of the revenue");
        Check(!string.IsNullOrWhiteSpace(body.Iban), "iban", "required: the account credited");
        Check(body.AmountRule is null or SpontaneousService.AmountFromData or SpontaneousService.FixedAmount, "amountRule",
            $"'{SpontaneousService.AmountFromData}' (the payer states it) or '{SpontaneousService.FixedAmount}'");
        Check(body.AmountRule != SpontaneousService.FixedAmount || body.FixedAmountCents >= 1, "fixedAmountCents", "required (≥ 1) with a fixed amount");
        if (body.FixedAmountCents is { } cents && ServiceDefaults.Web.RequestBounds.AmountProblem(cents) is { } fixedProblem) errors["fixedAmountCents"] = [fixedProblem];
        if (body.MaxAmountCents is { } max && ServiceDefaults.Web.RequestBounds.AmountProblem(max) is { } maxProblem) errors["maxAmountCents"] = [maxProblem];
        Check(body.DueDays is null or (>= 0 and <= 365), "dueDays", "between 0 and 365");
        ServiceInputRules.Check(body, errors);
        return errors;
    }
}
