using System.Collections.Concurrent;
using System.Net;
using Refit;

namespace DebtPositions.Coercive;

// Actualisation's pure quote endpoint, as DebtPositions calls it (Refit).
internal interface IActualisationApi
{
    [Post("/api/actualisation/quote")]
    Task<IApiResponse<CoerciveQuote>> QuoteAsync([Body] QuoteRequest request, CancellationToken ct);

    [Get("/api/actualisation/organizations/{organization}/notices/{iuv}/schedule")]
    Task<IApiResponse<NoticeSchedule>> ScheduleAsync(string organization, string iuv, CancellationToken ct);
}

// The part of Actualisation's stored schedule of a notice a re-issue reads: the steps the station answers from.
internal sealed record NoticeSchedule(string Rule, IReadOnlyList<Contracts.Actualisation.AmountStep> Steps)
{
    public Contracts.Actualisation.AmountStep? On(DateOnly day) =>
        Steps.FirstOrDefault(s => (s.ValidFrom is null || s.ValidFrom <= day) && (s.ValidUntil is null || day <= s.ValidUntil));
}

internal sealed record QuoteRequest(
    string Rule, IReadOnlyDictionary<string, object> Inputs, DateOnly PaymentDate, string? OrganizationFiscalCode, string? RevenueType);

// The part of Actualisation's quote answer a re-issue keeps.
internal sealed record CoerciveQuote(long AmountCents, string Tier, IReadOnlyList<QuoteComponent> Components, DateOnly? ValidUntil)
{
    public long Component(string name) => Components.Where(c => c.Name == name).Sum(c => c.AmountCents);
}

internal sealed record QuoteComponent(string Name, long AmountCents);

// Why Actualisation would not quote (a 400): the position cannot be re-issued as it is.
internal sealed class QuoteRefused(string message) : Exception(message);

// The COERCIVE amounts of a re-issue, computed by Actualisation's own rule (ADR 0049): with the EC's COERCIVE rule
// table when it has one, else the rule's defaults, exactly as the station's schedule for the new notice will be. One
// quote per distinct debt: a bulk job of many equal debts asks once.
internal sealed class CoerciveQuotes(IServiceProvider services)
{
    public const string Rule = "COERCIVE";
    private readonly IActualisationApi? _api = services.GetService<IActualisationApi>();
    private readonly ConcurrentDictionary<(string, long, ReissueTerms, DateOnly), CoerciveQuote> _quotes = new();
    private readonly ConcurrentDictionary<string, bool> _hasTable = new();

    public bool Configured => _api is not null;

    public async Task<CoerciveQuote> QuoteAsync(string organization, long capitalCents, ReissueTerms terms, DateOnly today, CancellationToken ct)
    {
        var key = (organization, capitalCents, terms, today);
        if (_quotes.TryGetValue(key, out var known)) return known;
        var inputs = new Dictionary<string, object>
        {
            ["S"] = capitalCents, ["X0"] = terms.EnforceableFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["costs"] = terms.CostsCents, ["moraInterest"] = terms.MoraInterest,
        };
        var api = _api ?? throw new InvalidOperationException("Actualisation__BaseUrl is not configured");
        CoerciveQuote? quote = null;
        if (_hasTable.GetValueOrDefault(organization, true))
        {
            using var withTable = await api.QuoteAsync(new QuoteRequest(Rule, inputs, today, organization, Rule), ct);
            // 404: the EC has no COERCIVE table; the schedule then uses the rule's defaults, and so does this quote.
            if (withTable.StatusCode == HttpStatusCode.NotFound) _hasTable[organization] = false;
            else quote = Read(withTable);
        }
        if (quote is null)
        {
            using var plain = await api.QuoteAsync(new QuoteRequest(Rule, inputs, today, null, null), ct);
            quote = Read(plain);
        }
        _quotes[key] = quote;
        return quote;
    }

    // What a notice under a rule asks on day, from the schedule Actualisation keeps for the station: the debt of the
    // day, not the printed amount (a fine after day 60 owes half its maximum plus surcharges). Null when
    // Actualisation has no schedule for it, or none covering the day: the stored amount is then the debt.
    public async Task<Contracts.Actualisation.AmountStep?> AmountOnAsync(string organization, string iuv, DateOnly day, CancellationToken ct)
    {
        var api = _api ?? throw new InvalidOperationException("Actualisation__BaseUrl is not configured");
        using var response = await api.ScheduleAsync(organization, iuv, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (response.Error is { } error) throw error;
        return response.Content?.On(day);
    }

    private static CoerciveQuote Read(IApiResponse<CoerciveQuote> response)
    {
        if (response.StatusCode == HttpStatusCode.BadRequest)
            throw new QuoteRefused($"Actualisation refused the COERCIVE inputs: {(response.Error as ApiException)?.Content}");
        if (response.Error is { } error) throw error;
        return response.Content ?? throw new InvalidDataException($"Actualisation answered {(int?)response.StatusCode} without a body");
    }
}
