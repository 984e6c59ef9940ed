using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Actualisation.Rules.Formal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Security;
using ServiceDefaults.Web;

namespace Actualisation.Tables;

// The EC's rule tables per revenue type. PUT adds a version (admin); the notices created afterwards follow it, and
// with applyToOpenPositions every open notice of that revenue type is re-pinned to it and recomputed at once. GET
// answers the current version; /versions the whole audited history.
internal static partial class RuleTablesApi
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,50}$")]
    private static partial Regex RevenueTypePattern();

    public static RouteGroupBuilder MapRuleTables(this RouteGroupBuilder group)
    {
        const string path = "/organizations/{organizationFiscalCode}/rule-tables/{revenueType}";
        group.MapPut(path, Put).RequireAdmin()
            .WithSummary("Add a version of the EC's rule table for a revenue type")
            .WithDescription("parameters are inputs of the rule by their RULES.md names (surchargeMode, surchargeCapSemesters, reductionPercent, " +
                "patronSaint, K, …) that every notice of the revenue type gets unless its own metadata says otherwise; legalRates replaces the " +
                "statutory legal interest rates. Notices created from now on follow the new version; with applyToOpenPositions the open ones too.");
        group.MapGet(path, Current).WithSummary("The current version of the EC's rule table for a revenue type");
        group.MapGet(path + "/versions", History).WithSummary("Every version of the table, with who changed it and when");
        return group;
    }

    private static async Task<Results<Created<RuleTableView>, ValidationProblem, ProblemHttpResult>> Put(
        string organizationFiscalCode, string revenueType, RuleTableRequest request, ClaimsPrincipal user,
        ActualisationDb db, RuleTables tables, ScheduleRecompute recompute, TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(revenueType, request, out var parameters);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var current = await tables.CurrentAsync(organizationFiscalCode, revenueType, ct);
        var table = RuleTable.Create(organizationFiscalCode, revenueType, (current?.Version ?? 0) + 1, request.Rule!, parameters,
            request.LegalRates, request.ApplyToOpenPositions, user.ClientId() ?? "unknown", time.GetUtcNow(), request.Note);
        db.RuleTables.Add(table);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Problem($"Version {table.Version} was added meanwhile; read the table and try again.",
                statusCode: StatusCodes.Status409Conflict, title: "Concurrent change");
        }
        var recomputed = request.ApplyToOpenPositions ? await recompute.RecomputeAsync(organizationFiscalCode, revenueType, table.Version, ct) : 0;
        return TypedResults.Created($"/api/actualisation/organizations/{organizationFiscalCode}/rule-tables/{revenueType}", RuleTableView.Of(table, recomputed));
    }

    private static async Task<Results<Ok<RuleTableView>, ProblemHttpResult>> Current(
        string organizationFiscalCode, string revenueType, RuleTables tables, CancellationToken ct) =>
        await tables.CurrentAsync(organizationFiscalCode, revenueType, ct) is { } table
            ? TypedResults.Ok(RuleTableView.Of(table, null))
            : TypedResults.Problem($"Organization {organizationFiscalCode} has no rule table for revenue type {revenueType}.",
                statusCode: StatusCodes.Status404NotFound, title: "Rule table not found");

    private static async Task<Ok<List<RuleTableView>>> History(string organizationFiscalCode, string revenueType, RuleTables tables, CancellationToken ct) =>
        TypedResults.Ok((await tables.HistoryAsync(organizationFiscalCode, revenueType, ct)).Select(t => RuleTableView.Of(t, null)).ToList());

    // Parameter values are checked by the rule itself: a trial quote with the parameters alone may miss notice inputs
    // (M, N…), but must not find fault with any parameter given.
    private static Dictionary<string, string[]> Validate(string revenueType, RuleTableRequest request, out Dictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        parameters = (request.Parameters ?? new Dictionary<string, JsonElement>()).ToDictionary(p => p.Key, p => RuleInputs.Text(p.Value));
        if (!RevenueTypePattern().IsMatch(revenueType)) errors["revenueType"] = ["1 to 50 letters, digits, '_', '-' or '.'"];
        if (!FormalRules.IsFormal(request.Rule)) errors["rule"] = [$"rule must be one of {string.Join(", ", FormalRules.Names)}"];
        if (parameters.Count > 50) errors["parameters"] = ["at most 50 parameters"];
        if (request.Note is { Length: > 500 }) errors["note"] = ["at most 500 characters"];
        if (request.LegalRates is { } rates)
        {
            if (rates.Count is 0 or > 200) errors["legalRates"] = ["1 to 200 rates"];
            else if (rates.Select(r => r.From).Distinct().Count() != rates.Count) errors["legalRates"] = ["two rates start on the same day"];
            for (var i = 0; i < rates.Count; i++)
            {
                if (RequestBounds.DayProblem(rates[i].From) is { } far) errors[$"legalRates[{i}].from"] = [far];
                if (rates[i].RatePercent is < 0m or > 100m || decimal.Round(rates[i].RatePercent, 4) != rates[i].RatePercent)
                    errors[$"legalRates[{i}].ratePercent"] = ["a percentage from 0 to 100 with at most 4 decimals"];
            }
        }
        if (errors.Count > 0) return errors;
        var trial = new RuleInputs(parameters);
        FormalRules.Quote(request.Rule!, trial, new DateOnly(2026, 1, 1), LegalInterestRates.Italy);
        foreach (var (field, messages) in trial.Errors)
            if (parameters.Keys.Any(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase))) errors["parameters." + field] = messages;
        return errors;
    }
}

// Body of PUT …/rule-tables/{revenueType}. Rule: The formal rule the revenue type follows (FINE-CDS, TAX-LATE, …).
// Parameters: Inputs of the rule by their RULES.md names, fixed for every notice of the revenue type. LegalRates:
// Legal interest rates replacing the statutory table (each from a day until the next). ApplyToOpenPositions: True:
// open notices follow this version at once; false: only notices created from now on. Note: Why the table changed
// (kept in the history).
internal sealed record RuleTableRequest(
    string? Rule, IReadOnlyDictionary<string, JsonElement>? Parameters, IReadOnlyList<RateRow>? LegalRates = null,
    bool ApplyToOpenPositions = false, string? Note = null);

// One version of a rule table; Recomputed counts the open notices whose amounts changed with it.
internal sealed record RuleTableView(
    string OrganizationFiscalCode, string RevenueType, int Version, string Rule, IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<RateRow> LegalRates, bool AppliesToOpenPositions, string ChangedBy, DateTimeOffset ChangedAt, string? Note, int? Recomputed)
{
    public static RuleTableView Of(RuleTable t, int? recomputed) => new(t.OrganizationFiscalCode, t.RevenueType, t.Version, t.Rule,
        t.ReadParameters(), t.ReadRates().Rows, t.AppliesToOpenPositions, t.ChangedBy, t.ChangedAt, t.Note, recomputed);
}
