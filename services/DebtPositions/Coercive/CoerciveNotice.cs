using System.Globalization;
using DebtPositions.Gpd;
using ServiceDefaults.Time;

namespace DebtPositions.Coercive;

// What an overdue position owes and how its new notice looks (ADR 0049). The debt S of the COERCIVE rule is the
// notice the debtor would have paid in full: the largest single notice, or an instalment plan's instalments together.
// The new notice keeps its beneficiaries: the charges, interest and costs go to the EC's own transfer.
internal static class CoerciveNotice
{
    public const string CapitalKey = "coercive.capital";
    public const string ChargesKey = "coercive.charges";
    public const string InterestKey = "coercive.interest";
    public const string CostsKey = "coercive.costs";
    public const string TierKey = "coercive.tier";
    public const string ReplacedNoticeKey = "coercive.replacedNotice";
    private const string ActualisationPrefix = "actualisation.";

    // The debt of a position, or why it cannot be re-issued.
    public static (OverdueDebt? Debt, string? Refusal) DebtOf(Position position)
    {
        var single = position.Options.Where(o => !o.IsPartialPayment).OrderByDescending(o => o.Amount).ThenBy(o => o.Id).FirstOrDefault();
        List<PaymentOption> notices = single is not null ? [single] : position.Plans.OrderBy(p => p.Key).FirstOrDefault()?.OrderBy(o => o.DueDate).ToList() ?? [];
        if (notices.Count == 0) return (null, $"position {position.Iupd} has no notice");
        var transfers = notices.SelectMany(o => o.Transfers).GroupBy(t => t.IdTransfer).OrderBy(g => g.Key)
            .Select(g => g.First().ToContent(g.Sum(t => t.Amount))).ToList();
        var own = transfers.FirstOrDefault(t => t.OrganizationFiscalCode == position.OrganizationFiscalCode && (t.Iban ?? t.PostalIban) is not null);
        if (own is null) return (null, $"position {position.Iupd} has no transfer to the EC's own account to carry the coercive charges");
        var first = notices[0];
        var metadata = first.MetadataEntries.Where(m => !m.Key.StartsWith(ActualisationPrefix, StringComparison.Ordinal)).ToList();
        return (new OverdueDebt(notices.Sum(o => o.Amount), first.Description, first.Nav, transfers, own.IdTransfer, metadata, first.OwnDebtor,
            single?.ActualisationRule is not null ? single.Iuv : null), null);
    }

    // The new position's content: one notice of the quoted amount, following the COERCIVE rule at the station.
    public static PositionContent Content(Position old, OverdueDebt debt, ReissueTerms terms, CoerciveQuote quote, NoticeNumber number)
    {
        var added = quote.AmountCents - debt.CapitalCents;
        var transfers = debt.Transfers.Select(t => t.IdTransfer == debt.MainTransferId ? t with { Amount = t.Amount + added } : t).ToList();
        string Text(long cents) => cents.ToString(CultureInfo.InvariantCulture);
        var metadata = debt.Metadata.Concat(
        [
            new KeyValue(ActualisationPrefix + "S", Text(debt.CapitalCents)),
            new KeyValue(ActualisationPrefix + "X0", terms.EnforceableFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new KeyValue(ActualisationPrefix + "costs", Text(terms.CostsCents)),
            new KeyValue(ActualisationPrefix + "moraInterest", terms.MoraInterest ? "true" : "false"),
            new KeyValue(PaymentOption.MainTransferKey, debt.MainTransferId.ToString(CultureInfo.InvariantCulture)),
            new KeyValue(CapitalKey, Text(quote.Component("capital"))),
            new KeyValue(ChargesKey, Text(quote.Component("charges"))),
            new KeyValue(InterestKey, Text(quote.Component("interest"))),
            new KeyValue(CostsKey, Text(quote.Component("costs"))),
            new KeyValue(TierKey, quote.Tier),
            new KeyValue(ReplacedNoticeKey, debt.Nav),
        ]).ToList();
        var description = "Riscossione coattiva - " + debt.Description;
        var option = new OptionContent(number.Iuv, number.Nav, quote.AmountCents, description.Length > 140 ? description[..140] : description,
            IsPartialPayment: false, RomeCalendar.EndOfDay(terms.DueDate).ToUniversalTime(), RetentionDate: null, Fee: 0, metadata, transfers,
            NotificationDate: terms.EnforceableFrom, ActualisationRule: CoerciveQuotes.Rule, debt.Debtor);
        return new PositionContent(old.Debtor, old.CompanyName, old.OfficeName, SwitchToExpired: false, old.PayStandIn, ValidityDate: null,
            old.RevenueType, old.ExternalReference, [option]);
    }
}

// The debt S of an overdue position, with the notice it was asked on and the transfers that share it.
internal sealed record OverdueDebt(
    long CapitalCents, string Description, string Nav, IReadOnlyList<TransferContent> Transfers, int MainTransferId,
    IReadOnlyList<KeyValue> Metadata, DebtorData? Debtor, string? RuledIuv = null)
{
    // The debt as the station asks it on the day (step of the old notice's schedule), each beneficiary with its share
    // of that day; unchanged when the step does not split over the same transfers.
    public OverdueDebt OnTheDay(Contracts.Actualisation.AmountStep step)
    {
        var shares = step.Transfers.ToDictionary(t => t.IdTransfer, t => t.AmountCents);
        if (shares.Count != Transfers.Count || Transfers.Any(t => !shares.ContainsKey(t.IdTransfer)) || shares.Values.Sum() != step.AmountCents)
            return this;
        return this with { CapitalCents = step.AmountCents, Transfers = Transfers.Select(t => t with { Amount = shares[t.IdTransfer] }).ToList() };
    }
}
