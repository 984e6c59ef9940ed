namespace Contracts.Actualisation;

/// <summary>
/// The amount due on one notice over time. The NodeAdapter answers the Node with the step whose
/// dates contain the day of the call (Europe/Rome). Steps do not overlap; open ends are null.
/// </summary>
/// <param name="OrganizationFiscalCode">The creditor EC.</param>
/// <param name="Iupd">The position the notice belongs to.</param>
/// <param name="Iuv">The notice's IUV.</param>
/// <param name="PositionVersion">Version of the position the schedule was computed from.</param>
/// <param name="Steps">Amount steps ordered by date.</param>
/// <param name="OccurredAt">When it was computed.</param>
public sealed record AmountScheduleComputed(
    string OrganizationFiscalCode,
    string Iupd,
    string Iuv,
    long PositionVersion,
    IReadOnlyList<AmountStep> Steps,
    DateTimeOffset OccurredAt);

/// <summary>One amount valid from <paramref name="ValidFrom"/> to <paramref name="ValidUntil"/>, both inclusive.</summary>
/// <param name="ValidFrom">First day (null = always before).</param>
/// <param name="ValidUntil">Last day (null = forever after).</param>
/// <param name="AmountCents">Total amount, equal to the sum of <paramref name="Transfers"/>.</param>
/// <param name="Transfers">Amount of each transfer in this step.</param>
/// <param name="Reason">Why this amount: "constant", "reduced-30", "ordinary", "increased", "interest", or the tier of a formal rule ("reduced", "half-maximum+2/10", "new-30-days", …).</param>
/// <param name="Components">Formal rules only: the amount split into sanction, surcharge, interest, costs, charges, tax, rounding (sum = amount).</param>
public sealed record AmountStep(
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    long AmountCents,
    IReadOnlyList<TransferAmount> Transfers,
    string Reason,
    IReadOnlyList<AmountComponent>? Components = null);

/// <summary>One component of a step's amount, in cents (negative for a rounding down or what was paid before).</summary>
public sealed record AmountComponent(string Name, long AmountCents);

/// <summary>The amount of one transfer within a step.</summary>
public sealed record TransferAmount(int IdTransfer, long AmountCents);
