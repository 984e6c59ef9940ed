using Microsoft.EntityFrameworkCore;

namespace Reporting.Treasury;

// Finds the movements of a new file that an earlier file already reported (ADR 0053): a bank notifies a credit during
// the day (camt.054) and lists it again in the day's statement (camt.053). The same movement is the same account,
// booking date, amount and direction, and at least one of the bank's own references the same (RECONCILIATION.md §1.1:
// AcctSvcrRef, the SCT's TRN, the EndToEndId). Movements of one file are never compared with each other: a file lists
// each movement once, however alike two of them look.
internal static class KnownMovements
{
    // For each movement of the new file, the id of the stored movement it repeats, or null.
    public static async Task<long?[]> FindAsync(ReportingDb db, string organization, IReadOnlyList<StatementMovement> movements, CancellationToken ct)
    {
        var repeats = new long?[movements.Count];
        var references = movements.Where(m => m.IsBooked).SelectMany(m => new[] { Reference(m.BankReference), Reference(m.Trn), Reference(m.EndToEndId) })
            .OfType<string>().Distinct().ToList();
        if (references.Count == 0) return repeats;
        var days = movements.Select(m => m.BookingDate).Distinct().ToList();
        var stored = await db.TreasuryMovements.AsNoTracking()
            .Where(m => m.OrganizationFiscalCode == organization && days.Contains(m.BookingDate)
                        && m.Kind != MovementKind.NotBooked && m.Kind != MovementKind.Duplicate
                        && (references.Contains(m.BankReference!) || references.Contains(m.Trn!) || references.Contains(m.EndToEndId!)))
            .OrderBy(m => m.Id)
            .ToListAsync(ct);
        var claimed = new HashSet<long>();
        for (var i = 0; i < movements.Count; i++)
        {
            var m = movements[i];
            if (!m.IsBooked) continue;
            var earlier = stored.FirstOrDefault(s => !claimed.Contains(s.Id) && Same(s, m));
            if (earlier is null) continue;
            claimed.Add(earlier.Id);
            repeats[i] = earlier.Id;
        }
        return repeats;
    }

    private static bool Same(TreasuryMovement stored, StatementMovement m) =>
        Account(stored.Account) == Account(m.Account) && stored.BookingDate == m.BookingDate
        && stored.AmountCents == m.AmountCents && stored.IsCredit == m.IsCredit
        && (Agree(stored.BankReference, m.BankReference) || Agree(stored.Trn, m.Trn) || Agree(stored.EndToEndId, m.EndToEndId));

    private static bool Agree(string? a, string? b) => Reference(a) is { } x && x == Reference(b);

    // SEPA's placeholder for "the payer gave no reference" is in many movements and names none of them.
    private static string? Reference(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Replace(" ", "").Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase) ? null : value.Trim();

    private static string Account(string account) => account.Replace(" ", "").ToUpperInvariant();
}
