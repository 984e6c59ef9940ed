using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Reporting.Classification;

// A transfer's share of one credit (provisional); Split when the transfer straddles two credits.
internal sealed record AllocatedTransfer(string Iuv, string Iur, int IdTransfer, long AmountCents, bool Split, string? AccountingChapter, string? AccountingAssessment);

// One credit of the flow (the treasurer's provisional, "year/number" when the statement names it) and what it covers.
internal sealed record ProvisionalView(long MovementId, string? Provisional, DateOnly BookingDate, long AmountCents, AllocatedTransfer[] Transfers, long ResidualCents);

// Unallocated: The transfers (or the part of one) no credit covers yet: the flow is not wholly credited. NeedsReview:
// True when a transfer had to be split between credits: the allocation is a proposal to check.
internal sealed record FlowProvisionals(string FlowId, long FlowTotalCents, long CreditedCents, ProvisionalView[] Provisionals, AllocatedTransfer[] Unallocated, bool NeedsReview);

// A flow paid by several credits on different days (RECONCILIATION.md §4, API#260) leaves the municipality unable to
// say which transfers each provisional receipt covers, yet its reversale di regolarizzazione must quote, per
// provisional, the transfers and the accounting items it regularises. The flow's transfers are given to its credits
// first come, first served (credits by booking date, transfers by IUV, receipt and index); a transfer that does not
// fit what is left of a credit is split and the whole allocation flagged for review.
internal static class ProvisionalAllocation
{
    public static async Task<Results<Ok<FlowProvisionals>, ProblemHttpResult>> GetAsync(
        string organizationFiscalCode, string flowId, ReportingDb db, CancellationToken ct)
    {
        var flow = await db.Flows.AsNoTracking().SingleOrDefaultAsync(f => f.OrganizationFiscalCode == organizationFiscalCode && f.FlowId == flowId, ct);
        if (flow is null)
            return TypedResults.Problem($"No flow {flowId} for organization {organizationFiscalCode}", statusCode: 404, title: "Flow not found");
        var credits = await db.MovementReconciliations.AsNoTracking()
            .Where(m => m.OrganizationFiscalCode == organizationFiscalCode && m.MatchedFlowId == flowId && m.SignedCents > 0)
            .OrderBy(m => m.BookingDate).ThenBy(m => m.Id).ToListAsync(ct);
        var ids = credits.Select(c => c.Id).ToList();
        var provisionals = await db.TreasuryMovements.AsNoTracking().Where(m => ids.Contains(m.Id) && m.ProvisionalNumber != null)
            .ToDictionaryAsync(m => m.Id, m => m.ProvisionalYear is { } year ? $"{year}/{m.ProvisionalNumber}" : m.ProvisionalNumber!, ct);
        var transfers = await db.TransferReconciliations.AsNoTracking()
            .Where(r => r.OrganizationFiscalCode == organizationFiscalCode && r.FlowId == flowId && r.ReportedCents > 0)
            .OrderBy(r => r.Iuv).ThenBy(r => r.Iur).ThenBy(r => r.IdTransfer).ToListAsync(ct);

        var shares = credits.Select(_ => new List<AllocatedTransfer>()).ToArray();
        var left = credits.Select(c => c.SignedCents).ToArray();
        var unallocated = new List<AllocatedTransfer>();
        var (credit, split) = (0, false);
        foreach (var t in transfers)
        {
            var remaining = t.ReportedCents!.Value;
            var parts = new List<(int Credit, long Cents)>();
            while (remaining > 0 && credit < credits.Count)
            {
                var take = Math.Min(remaining, left[credit]);
                parts.Add((credit, take));
                (remaining, left[credit]) = (remaining - take, left[credit] - take);
                if (left[credit] == 0) credit++;
            }
            var straddles = parts.Count + (remaining > 0 && parts.Count > 0 ? 1 : 0) > 1;
            split |= straddles;
            foreach (var (c, cents) in parts) shares[c].Add(Share(t, cents, straddles));
            if (remaining > 0) unallocated.Add(Share(t, remaining, straddles));
        }
        var views = credits.Select((c, i) => new ProvisionalView(c.Id, provisionals.GetValueOrDefault(c.Id), c.BookingDate, c.SignedCents, [.. shares[i]], left[i])).ToArray();
        return TypedResults.Ok(new FlowProvisionals(flow.FlowId, flow.DeclaredTotalAmountCents, credits.Sum(c => c.SignedCents), views, [.. unallocated], split));
    }

    private static AllocatedTransfer Share(TransferReconciliation t, long cents, bool split) =>
        new(t.Iuv, t.Iur, t.IdTransfer, cents, split, t.AccountingChapter, t.AccountingAssessment);
}
