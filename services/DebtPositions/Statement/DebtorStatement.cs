using ServiceDefaults.Time;

namespace DebtPositions.Statement;

// What one debtor owes one EC, in euro cents: still due (not yet overdue), overdue, paid.
internal sealed record DebtorStatement(
    string OrganizationFiscalCode, string FiscalCode, DateOnly AsOf,
    long TotalDue, long TotalOverdue, long TotalPaid, List<StatementLine> Positions);

internal sealed record StatementLine(
    string Iupd, string? RevenueType, string? ExternalReference, string Status, string Description,
    DateOnly? NextDueDate, long AmountDue, long AmountOverdue, long AmountPaid, List<string> PayableNavs)
{
    // Counting a position once: alternatives (reduced/full fine, one notice per jointly liable debtor) are the same
    // debt, so an unsettled position owes its cheapest alternative, or its unpaid instalments.
    public static StatementLine Of(Position p, DateOnly today)
    {
        // What the receipts paid, not the printed amounts: a fine paid after day 60 paid more than its notice says.
        var paid = p.Options.Sum(o => o.PaidCents);
        var settled = p.Status is PositionStatus.Paid or PositionStatus.Reported;
        var owed = settled ? [] : Owed(p);
        var overdue = owed.Where(o => RomeCalendar.DateOf(o.DueDate) < today).ToList();
        var notYet = owed.Except(overdue).ToList();
        return new StatementLine(p.Iupd, p.RevenueType, p.ExternalReference, p.Status,
            p.Options.OrderBy(o => o.Id).First().Description,
            notYet.Count > 0 ? notYet.Min(o => RomeCalendar.DateOf(o.DueDate)) : null,
            notYet.Sum(o => o.Amount), overdue.Sum(o => o.Amount), paid,
            owed.Select(o => o.Nav).ToList());
    }

    private static List<PaymentOption> Owed(Position p)
    {
        // Several plans (v3) are alternatives too: the one already started, else the cheapest, counts.
        var plan = p.Plans.Select(g => g.ToList())
            .OrderByDescending(g => g.Any(o => o.IsPaid)).ThenBy(g => g.Where(o => !o.IsPaid).Sum(o => o.Amount)).FirstOrDefault();
        if (plan is not null) return plan.Where(o => !o.IsPaid).ToList();
        var cheapest = p.Options.Where(o => !o.IsPaid).OrderBy(o => o.Amount).FirstOrDefault();
        return cheapest is null ? [] : [cheapest];
    }
}
