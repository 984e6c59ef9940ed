using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Reporting;

internal sealed class ReportingDb(DbContextOptions<ReportingDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "reporting";

    public DbSet<PaidTransfer> PaidTransfers => Set<PaidTransfer>();
    public DbSet<ReportingFlow> Flows => Set<ReportingFlow>();
    public DbSet<FlowRow> FlowRows => Set<FlowRow>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<PaidTransfer>(e => e.HasKey(t => new { t.OrganizationFiscalCode, t.Iuv, t.ReceiptId, t.IdTransfer }));
        modelBuilder.Entity<ReportingFlow>(e =>
        {
            e.ToTable("flows");
            e.HasKey(f => new { f.OrganizationFiscalCode, f.FlowId });
            e.Ignore(f => f.TotalsConsistent);
        });
        modelBuilder.Entity<FlowRow>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).UseIdentityAlwaysColumn();
        });
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
    }

    /// <summary>
    /// Serialises reconciliation per EC for the rest of the transaction: a flow and the receipt it
    /// reports, consumed at the same moment, would otherwise each miss the other and never match.
    /// </summary>
    public Task LockOrganizationAsync(string organizationFiscalCode, CancellationToken ct) =>
        Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"reporting:" + organizationFiscalCode}))", ct);
}
