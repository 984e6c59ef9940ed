using Microsoft.EntityFrameworkCore;

namespace Actualisation.Tables;

// Reads the rule tables: the current version, or the version a notice was pinned to.
internal sealed class RuleTables(ActualisationDb db)
{
    public Task<RuleTable?> CurrentAsync(string organization, string revenueType, CancellationToken ct) =>
        db.RuleTables.AsNoTracking()
            .Where(t => t.OrganizationFiscalCode == organization && t.RevenueType == revenueType)
            .OrderByDescending(t => t.Version).FirstOrDefaultAsync(ct);

    public Task<RuleTable?> VersionAsync(string organization, string revenueType, int version, CancellationToken ct) =>
        db.RuleTables.AsNoTracking()
            .SingleOrDefaultAsync(t => t.OrganizationFiscalCode == organization && t.RevenueType == revenueType && t.Version == version, ct);

    public Task<List<RuleTable>> HistoryAsync(string organization, string revenueType, CancellationToken ct) =>
        db.RuleTables.AsNoTracking()
            .Where(t => t.OrganizationFiscalCode == organization && t.RevenueType == revenueType)
            .OrderBy(t => t.Version).ToListAsync(ct);
}
