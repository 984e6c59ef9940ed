using System.Globalization;
using Actualisation.Rules.Formal;
using Contracts.Actualisation;

namespace Actualisation.Rules;

// The schedule of a notice under a formal rule: the rule's quotes from a few days back to a horizon, one step per
// window. The inputs come, in increasing precedence, from the notice itself (main transfer, other transfers as costs,
// notification and due dates), the EC's rule table and the option metadata actualisation.<input> . The main transfer
// (transfer 1, or the one metadata actualisation.mainTransferId names) takes what the other transfers do not;
// metadata actualisation.transfer.<component> = id puts a component on its own transfer.
internal static class FormalSchedule
{
    public const string InputPrefix = "actualisation.";
    public const string MainTransferKey = "actualisation.mainTransferId";
    public const string ComponentTransferPrefix = "actualisation.transfer.";
    public const string RevenueTypeKey = "actualisation.revenueType";

    // The revenue type that selects the EC's table: metadata, else the rule name.
    public static string RevenueType(ScheduleInput input) =>
        input.Metadata.TryGetValue(RevenueTypeKey, out var type) && !string.IsNullOrWhiteSpace(type) ? type : input.Rule!;

    public static ScheduleResult Compute(ScheduleInput input, IReadOnlyDictionary<string, string>? tableParameters, LegalInterestRates rates,
        DateOnly from, DateOnly horizon)
    {
        var rule = input.Rule!;
        var mainId = 1;
        if (input.Metadata.TryGetValue(MainTransferKey, out var idText) && !int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out mainId))
            return AmountRules.Invalid(rule, MainTransferKey, $"'{idText}' is not a transfer id");
        if (input.Transfers.All(t => t.IdTransfer != mainId))
            return AmountRules.Invalid(rule, "transfers", $"no main transfer {mainId}");
        var main = input.Transfers.First(t => t.IdTransfer == mainId).AmountCents;
        var mapped = ComponentTransfers(input.Metadata, input.Transfers, mainId);
        // The other transfers that no component takes over: the costs (or, for rules without costs, an addition).
        var others = input.Transfers.Where(t => t.IdTransfer != mainId && !mapped.ContainsValue(t.IdTransfer)).Sum(t => t.AmountCents);

        var values = new Dictionary<string, string>(Derived(rule, input, main, others), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in tableParameters ?? new Dictionary<string, string>()) values[name] = value;
        foreach (var (key, value) in input.Metadata)
            if (key.StartsWith(InputPrefix, StringComparison.Ordinal) && !key.StartsWith(ComponentTransferPrefix, StringComparison.Ordinal))
                values[key[InputPrefix.Length..]] = value;
        var costsIncluded = CostsInput(rule) is { } costs && values.ContainsKey(costs);

        var steps = new List<AmountStep>();
        for (var day = from; ;)
        {
            var result = FormalRules.Quote(rule, new RuleInputs(values, InputPrefix), day, rates);
            // L689-16 ends with misura ridotta: the schedule ends with it too.
            if (!result.IsValid && steps.Count > 0 && result.Errors.ContainsKey("paymentDate")) break;
            if (!result.IsValid) return new ScheduleResult(rule, [], result.Errors);
            var quote = result.Quote!;
            if (Step(input.Transfers, mainId, mapped, others, costsIncluded, quote, steps.Count == 0 ? quote.ValidFrom : day) is not { } step)
                return AmountRules.Invalid(rule, "transfers", $"on {day:yyyy-MM-dd} {quote.AmountCents} cents cannot be split over the transfers");
            if (steps.Count > 0 && Same(steps[^1], step)) steps[^1] = steps[^1] with { ValidUntil = step.ValidUntil };
            else steps.Add(step);
            if (quote.ValidUntil is not { } until || until >= horizon) break;
            day = until.AddDays(1);
        }
        return new ScheduleResult(rule, steps, new Dictionary<string, string[]>());
    }

    // Inputs the notice itself gives: the main transfer is the debt, the others are the costs.
    private static Dictionary<string, string> Derived(string rule, ScheduleInput input, long main, long others)
    {
        var values = new Dictionary<string, string>();
        string Cents(long c) => c.ToString(CultureInfo.InvariantCulture);
        string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var notified = input.NotificationDate is { } n ? Date(n) : null;
        var due = input.DueDate is { } d ? Date(d) : null;
        void Set(string name, string? value) { if (value is not null) values[name] = value; }
        switch (rule)
        {
            case FineCds.Name: Set("M", Cents(main)); Set("K", Cents(others)); Set("N", notified); break;
            case L689Sixteen.Name: Set("costs", Cents(others)); Set("N", notified); break;
            case L689TwentySeven.Name: Set("S", Cents(main)); Set("costs", Cents(others)); Set("E", input.DueDate?.AddDays(1) is { } e ? Date(e) : null); break;
            case Coercive.Name: Set("S", Cents(main)); Set("costs", Cents(others)); Set("X0", notified ?? due); break;
            case Interest.Name: Set("C", Cents(main)); Set("D", due); break;
            case TaxLate.Name: Set("T", Cents(main)); Set("D0", due); break;
            case Instalment.Name: Set("C", Cents(main)); Set("D", due); break;
        }
        return values;
    }

    // The input of a rule that carries the costs (the other transfers), if it has one.
    private static string? CostsInput(string rule) => rule switch
    {
        FineCds.Name => "K",
        L689Sixteen.Name or L689TwentySeven.Name or Coercive.Name => "costs",
        _ => null,
    };

    // Metadata actualisation.transfer.<component> = id: the component goes on that transfer (not the main one).
    private static Dictionary<string, int> ComponentTransfers(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<TransferAmount> transfers, int mainId)
    {
        var mapped = new Dictionary<string, int>();
        foreach (var (key, value) in metadata)
            if (key.StartsWith(ComponentTransferPrefix, StringComparison.Ordinal)
                && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id != mainId && transfers.Any(t => t.IdTransfer == id))
                mapped[key[ComponentTransferPrefix.Length..]] = id;
        return mapped;
    }

    // The transfers of one step: a transfer named for a component carries that component; the other transfers keep
    // their printed amounts (they are the costs when the rule has costs, an addition otherwise); the main transfer
    // takes the rest. Null when a transfer would not be positive (pagoPA refuses a zero transfer): a component on its
    // own transfer must be positive on every day.
    private static AmountStep? Step(IReadOnlyList<TransferAmount> transfers, int mainId, Dictionary<string, int> mapped, long others,
        bool costsIncluded, Quote quote, DateOnly? from)
    {
        var total = quote.AmountCents + (costsIncluded ? 0 : others);
        var amounts = transfers.ToDictionary(t => t.IdTransfer, t => t.AmountCents);
        foreach (var id in mapped.Values.Distinct()) amounts[id] = 0;
        foreach (var component in quote.Components)
            if (mapped.TryGetValue(component.Name, out var id)) amounts[id] += component.AmountCents;
        amounts[mainId] = total - amounts.Where(a => a.Key != mainId).Sum(a => a.Value);
        if (amounts[mainId] <= 0) TakeFromOthers(amounts, mainId, mapped);
        if (amounts.Values.Any(a => a <= 0)) return null;
        var split = transfers.Select(t => new TransferAmount(t.IdTransfer, amounts[t.IdTransfer])).ToList();
        return new AmountStep(from, quote.ValidUntil, total, split, quote.Tier,
            quote.Components.Select(c => new AmountComponent(c.Name, c.AmountCents)).ToList());
    }

    // A payment on account larger than the main transfer's share (ADR 0046): the rest of it comes off the other
    // transfers, in order; every transfer keeps at least a cent, since pagoPA refuses a zero transfer.
    private static void TakeFromOthers(Dictionary<int, long> amounts, int mainId, Dictionary<string, int> mapped)
    {
        var missing = 1 - amounts[mainId];
        amounts[mainId] = 1;
        foreach (var id in amounts.Keys.Where(id => id != mainId && !mapped.ContainsValue(id)).Order().ToList())
        {
            var take = Math.Min(missing, amounts[id] - 1);
            if (take <= 0) continue;
            amounts[id] -= take;
            missing -= take;
        }
        // Not enough cents to go round: the caller sees the main transfer at zero or less and refuses the step.
        if (missing > 0) amounts[mainId] = 1 - missing;
    }

    private static bool Same(AmountStep a, AmountStep b) =>
        a.AmountCents == b.AmountCents && a.Reason == b.Reason && a.Transfers.SequenceEqual(b.Transfers)
        && (a.Components ?? []).SequenceEqual(b.Components ?? []);
}
