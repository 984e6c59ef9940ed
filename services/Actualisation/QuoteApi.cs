using System.Security.Claims;
using System.Text.Json;
using Actualisation.Rules.Formal;
using Actualisation.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceDefaults.Security;
using ServiceDefaults.Time;
using ServiceDefaults.Web;

namespace Actualisation;

// POST /api/actualisation/quote: what a formal rule says is due on a payment day. Stores nothing.
internal static class QuoteApi
{
    public static RouteGroupBuilder MapQuote(this RouteGroupBuilder group)
    {
        group.MapPost("/quote", Quote).ForAnyOrganization().RequireReadOnly()
            .WithSummary("The amount due on a payment day under a formal rule of RULES.md")
            .WithDescription("Pure: stores nothing. Rule names and input names as RULES.md spells them (FINE-CDS: M, X, K, N, …). " +
                "With organizationFiscalCode (which the caller must act for) and revenueType, the EC's current rule table " +
                "fills the inputs the request leaves out and gives the legal interest rates. paymentDate defaults to today in Europe/Rome.");
        return group;
    }

    private static async Task<Results<Ok<QuoteAnswer>, ValidationProblem, ProblemHttpResult>> Quote(
        QuoteRequest request, ClaimsPrincipal user, RuleTables tables, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Rule)) errors["rule"] = ["rule is required: " + string.Join(", ", FormalRules.Names)];
        else if (!FormalRules.IsFormal(request.Rule)) errors["rule"] = [$"unknown rule '{request.Rule}'; formal rules: {string.Join(", ", FormalRules.Names)}"];
        if (request.PaymentDate is { } day && RequestBounds.DayProblem(day) is { } far) errors["paymentDate"] = [far];
        if (request.Inputs is { Count: > 50 }) errors["inputs"] = ["at most 50 inputs"];
        if (request.RevenueType is not null && request.OrganizationFiscalCode is null) errors["organizationFiscalCode"] = ["a revenueType needs the organizationFiscalCode whose table it names"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (request.OrganizationFiscalCode is { } organization && !user.ActsFor(organization))
            return TypedResults.Problem($"The caller does not act for organization {organization}.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

        RuleTable? table = null;
        if (request.OrganizationFiscalCode is { } ec && request.RevenueType is { } revenue)
        {
            table = await tables.CurrentAsync(ec, revenue, ct);
            if (table is null)
                return TypedResults.Problem($"Organization {ec} has no rule table for revenue type {revenue}.", statusCode: StatusCodes.Status404NotFound, title: "Rule table not found");
            if (table.Rule != request.Rule)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["rule"] = [$"the table of {revenue} uses {table.Rule}"] });
        }

        var values = new Dictionary<string, string>(table?.ReadParameters() ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Inputs ?? new Dictionary<string, JsonElement>()) values[name] = RuleInputs.Text(value);
        var paid = request.PaymentDate ?? RomeCalendar.Today(time);
        var result = FormalRules.Quote(request.Rule!, new RuleInputs(values, "inputs."), paid, table?.ReadRates() ?? LegalInterestRates.Italy);
        if (!result.IsValid)
            return TypedResults.ValidationProblem(result.Errors.ToDictionary(e => e.Key.StartsWith("inputs.", StringComparison.Ordinal) || e.Key == "paymentDate" ? e.Key : "inputs." + e.Key, e => e.Value));
        var quote = result.Quote!;
        return TypedResults.Ok(new QuoteAnswer(quote.Rule, paid, quote.AmountCents, quote.Tier, quote.Components, quote.ValidFrom, quote.ValidUntil, quote.DueDate,
            quote.Instalments, table?.Version));
    }
}

// Body of POST /api/actualisation/quote. Rule: FINE-CDS, INTEREST, TAX-LATE, COERCIVE, INSTALMENT, L689-16 or
// L689-27. Inputs: The rule's inputs by their RULES.md names: cents as whole numbers, dates as yyyy-MM-dd.
// PaymentDate: The Europe/Rome day of payment; today when absent. OrganizationFiscalCode: The EC whose rule table and
// calendar apply (the caller must act for it). RevenueType: The EC's revenue type whose table fills missing inputs.
internal sealed record QuoteRequest(
    string? Rule, IReadOnlyDictionary<string, JsonElement>? Inputs, DateOnly? PaymentDate = null,
    string? OrganizationFiscalCode = null, string? RevenueType = null);

// The amount due on PaymentDate, its components, and the days on which it holds (null = open end).
internal sealed record QuoteAnswer(
    string Rule, DateOnly PaymentDate, long AmountCents, string Tier, IReadOnlyList<Component> Components,
    DateOnly? ValidFrom, DateOnly? ValidUntil, DateOnly? DueDate, IReadOnlyList<InstalmentQuote>? Instalments, int? TableVersion);
