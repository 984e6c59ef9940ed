using System.Globalization;
using Contracts.Actualisation;

namespace Actualisation.Rules;

// Parameters of the traffic-fine rule (Codice della Strada art. 202), configuration section "Actualisation:Fines".
// The increase after the ordinary period is, by law, half the maximum of the sanction: it depends on the offence, so
// the EC may give it per notice in the option metadata actualisation.increasedAmountCents (amount of the fine
// transfer); otherwise IncreasePercent of the ordinary amount is added.
public sealed class FineOptions
{
    public const string Section = "Actualisation:Fines";

    // Discount on the fine transfer when paid within ReducedDays.
    public int ReductionPercent { get; set; } = 30;

    // Days after notification (notification day excluded) within which the discount applies.
    public int ReducedDays { get; set; } = 5;

    // Days after notification within which the ordinary amount applies.
    public int OrdinaryDays { get; set; } = 60;

    // Increase of the fine transfer after OrdinaryDays, when no explicit amount is given.
    public int IncreasePercent { get; set; } = 100;
}

// Fines 5/60/+60: up to notification + 5 days the fine transfer is reduced by 30%; from day 6 to day 60 the ordinary
// amount; from day 61 the increased amount. Only the fine transfer changes (notification costs and other
// beneficiaries keep their amount). The fine transfer is transfer 1 unless the option metadata
// actualisation.fineTransferId names another. Percentages are applied to cents and rounded half away from zero to the
// cent (4333 × 0.70 = 3033.1 → 3033).
internal sealed class FineRule(FineOptions options)
{
    public const string FineTransferKey = "actualisation.fineTransferId";
    public const string IncreasedAmountKey = "actualisation.increasedAmountCents";

    public ScheduleResult Compute(ScheduleInput input)
    {
        if (input.NotificationDate is not { } notified)
            return AmountRules.Invalid(AmountRules.Fine, "notificationDate", "the fine rule needs the notification date");
        var fineId = 1;
        if (input.Metadata.TryGetValue(FineTransferKey, out var idText) && !int.TryParse(idText, CultureInfo.InvariantCulture, out fineId))
            return AmountRules.Invalid(AmountRules.Fine, FineTransferKey, $"'{idText}' is not a transfer id");
        if (input.Transfers.FirstOrDefault(t => t.IdTransfer == fineId) is not { } fine)
            return AmountRules.Invalid(AmountRules.Fine, "transfers", $"no fine transfer {fineId}");

        var reduced = Percent(fine.AmountCents, 100 - options.ReductionPercent);
        var increased = Percent(fine.AmountCents, 100 + options.IncreasePercent);
        if (input.Metadata.TryGetValue(IncreasedAmountKey, out var increasedText)
            && (!long.TryParse(increasedText, CultureInfo.InvariantCulture, out increased) || increased < fine.AmountCents
                || increased > ServiceDefaults.Web.RequestBounds.MaxAmountCents))
            return AmountRules.Invalid(AmountRules.Fine, IncreasedAmountKey,
                $"'{increasedText}' must be cents not below the ordinary fine and at most {ServiceDefaults.Web.RequestBounds.MaxAmountCents}");
        // The step total adds the other transfers to the changed fine: bounded, so it cannot overflow.
        if (increased - fine.AmountCents > ServiceDefaults.Web.RequestBounds.MaxAmountCents - input.AmountCents)
            return AmountRules.Invalid(AmountRules.Fine, IncreasedAmountKey, $"the increased notice amount would exceed {ServiceDefaults.Web.RequestBounds.MaxAmountCents} cents");
        if (ServiceDefaults.Web.RequestBounds.DayProblem(notified) is { } far)
            return AmountRules.Invalid(AmountRules.Fine, "notificationDate", $"notificationDate {far}");
        if (reduced < 1) return AmountRules.Invalid(AmountRules.Fine, "amountCents", "the reduced fine would be zero");

        var lastReduced = notified.AddDays(options.ReducedDays);
        var lastOrdinary = notified.AddDays(options.OrdinaryDays);
        return new ScheduleResult(AmountRules.Fine,
        [
            Step(null, lastReduced, input.Transfers, fineId, reduced, $"reduced-{options.ReductionPercent}"),
            Step(lastReduced.AddDays(1), lastOrdinary, input.Transfers, fineId, fine.AmountCents, "ordinary"),
            Step(lastOrdinary.AddDays(1), null, input.Transfers, fineId, increased, "increased"),
        ], new Dictionary<string, string[]>());
    }

    private static AmountStep Step(DateOnly? from, DateOnly? until, IReadOnlyList<TransferAmount> transfers, int fineId, long fineCents, string reason)
    {
        var amounts = transfers.Select(t => t.IdTransfer == fineId ? t with { AmountCents = fineCents } : t).ToList();
        return new AmountStep(from, until, amounts.Sum(t => t.AmountCents), amounts, reason);
    }

    private static long Percent(long cents, int percent) =>
        (long)Math.Round(cents * percent / 100m, MidpointRounding.AwayFromZero);
}
