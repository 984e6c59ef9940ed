using System.Collections.Concurrent;
using DebtPositions.Iuv;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;

namespace DebtPositions.Coercive;

// Cancels positions and re-issues each as a new one with the COERCIVE amount, its own notice number and lineage both
// ways. The caller holds the positions' row locks and saves: everything of one call commits together. Unavailable
// IuvIssuance or Actualisation throws (nothing is written); a position that cannot be re-issued gets its reason
// instead.
internal sealed class Reissuer(DebtPositionsDb db, IuvIssuanceClient iuvs, CoerciveQuotes quotes, TimeProvider time)
{
    private const int ParallelQuotes = 4;

    public async Task<IReadOnlyList<ReissueOutcome>> ReissueAsync(string organization, IReadOnlyList<Position> positions, ReissueTerms terms,
        Func<Position, string> newIupd, string cause, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = RomeCalendar.DateOf(now);
        var outcomes = new Dictionary<Position, ReissueOutcome>();
        var debts = new Dictionary<Position, OverdueDebt>();
        foreach (var position in positions)
        {
            var (debt, refusal) = position.ReissueRefusal() is { } notNow ? (null, notNow) : CoerciveNotice.DebtOf(position);
            if (debt is null) outcomes[position] = new ReissueOutcome(position.Iupd, null, refusal);
            else debts[position] = debt;
        }
        var wanted = debts.Keys.ToDictionary(p => p, newIupd);
        var names = wanted.Values.ToList();
        var taken = await db.Positions.Where(p => p.OrganizationFiscalCode == organization && names.Contains(p.Iupd)).Select(p => p.Iupd).ToListAsync(ct);
        foreach (var (position, iupd) in wanted.Where(w => taken.Contains(w.Value) || names.Count(n => n == w.Value) > 1).ToList())
        {
            outcomes[position] = new ReissueOutcome(position.Iupd, null, $"a position {iupd} already exists");
            debts.Remove(position);
        }

        // The debt of the day (ADR 0056): a notice whose amount follows a rule owes what the station asks today.
        foreach (var (position, debt) in debts.Where(d => d.Value.RuledIuv is not null).ToList())
            if (await quotes.AmountOnAsync(organization, debt.RuledIuv!, today, ct) is { } step)
                debts[position] = debt.OnTheDay(step);

        // One quote per distinct debt, a few at a time: a bulk batch of many debts waits for the slowest, not the sum.
        var quoted = new ConcurrentDictionary<long, CoerciveQuote>();
        var refused = new ConcurrentDictionary<long, string>();
        await Parallel.ForEachAsync(debts.Values.Select(d => d.CapitalCents).Distinct(),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelQuotes, CancellationToken = ct }, async (capital, token) =>
            {
                try
                {
                    quoted[capital] = await quotes.QuoteAsync(organization, capital, terms, today, token);
                }
                catch (QuoteRefused e)
                {
                    refused[capital] = e.Message;
                }
            });
        foreach (var position in debts.Where(d => refused.ContainsKey(d.Value.CapitalCents)).Select(d => d.Key).ToList())
        {
            outcomes[position] = new ReissueOutcome(position.Iupd, null, refused[debts[position].CapitalCents]);
            debts.Remove(position);
        }

        if (debts.Count > 0)
        {
            var numbers = await iuvs.AllocateAsync(organization, debts.Count, ct)
                ?? throw new ReissueImpossible($"organization {organization} has no IUV configuration in IuvIssuance: no notice number can be issued");
            var next = 0;
            foreach (var (old, debt) in debts)
            {
                var number = numbers[next++];
                var successor = Position.Reissue(old, wanted[old], CoerciveNotice.Content(old, debt, terms, quoted[debt.CapitalCents], number), cause, now);
                old.CancelForReissue(successor.Iupd, number.Nav, cause, now);
                db.Positions.Add(successor);
                db.PublishChange(old, cause, time);
                db.PublishChange(successor, cause, time);
                outcomes[old] = new ReissueOutcome(old.Iupd, successor, null);
            }
        }
        return positions.Select(p => outcomes[p]).ToList();
    }
}

// One position's outcome: its successor, or why it was not re-issued.
internal sealed record ReissueOutcome(string Iupd, Position? Successor, string? Refusal);

// Nothing of this EC can be re-issued until an operator acts (no IUV configuration).
internal sealed class ReissueImpossible(string message) : Exception(message);
