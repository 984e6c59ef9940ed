using Microsoft.EntityFrameworkCore;
using Reporting.Classification;
using Reporting.Treasury;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Reporting;

internal sealed class ReportingDb(DbContextOptions<ReportingDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "reporting";

    public DbSet<PaidTransfer> PaidTransfers => Set<PaidTransfer>();
    public DbSet<ReportingFlow> Flows => Set<ReportingFlow>();
    public DbSet<FlowRow> FlowRows => Set<FlowRow>();
    public DbSet<TreasuryFile> TreasuryFiles => Set<TreasuryFile>();
    public DbSet<TreasuryMovement> TreasuryMovements => Set<TreasuryMovement>();
    public DbSet<TreasuryDecision> TreasuryDecisions => Set<TreasuryDecision>();
    public DbSet<TreasuryStatementBalance> TreasuryStatementBalances => Set<TreasuryStatementBalance>();
    public DbSet<BalanceLink> BalanceChain => Set<BalanceLink>();
    public DbSet<TransferReconciliation> TransferReconciliations => Set<TransferReconciliation>();
    public DbSet<MovementReconciliation> MovementReconciliations => Set<MovementReconciliation>();
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
        modelBuilder.Entity<TreasuryFile>(e => e.Property(f => f.Id).UseIdentityAlwaysColumn());
        modelBuilder.Entity<TreasuryMovement>(e => e.Property(m => m.Id).UseIdentityAlwaysColumn());
        modelBuilder.Entity<TreasuryDecision>(e => e.Property(d => d.Id).UseIdentityAlwaysColumn());
        modelBuilder.Entity<TreasuryStatementBalance>(e => e.Property(b => b.Id).UseIdentityAlwaysColumn());
        modelBuilder.Entity<BalanceLink>(e => e.HasNoKey().ToView("treasury_balance_chain"));
        modelBuilder.Entity<TransferReconciliation>(e => e.HasNoKey().ToView("transfer_reconciliation"));
        modelBuilder.Entity<MovementReconciliation>(e => e.HasNoKey().ToView("movement_reconciliation"));
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
    }

    // Serialises a flow against the receipts of its EC for the rest of the transaction: a flow and the receipt it
    // reports, consumed at the same moment, would otherwise each miss the other and never match. A flow takes the
    // lock exclusively; a receipt takes it shared (LockOrganizationForReceiptAsync).
    public Task LockOrganizationAsync(string organizationFiscalCode, CancellationToken ct) =>
        Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"reporting:" + organizationFiscalCode}))", ct);

    // The receipt's side of LockOrganizationAsync: receipts of one EC do not wait for each other, only for a flow
    // being stored. Two receipts never match the same flow row (a row names one receipt), and a second copy of the
    // same payment collides on the paid transfers' primary key and rolls back whole.
    public Task LockOrganizationForReceiptAsync(string organizationFiscalCode, CancellationToken ct) =>
        Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared(hashtext({"reporting:" + organizationFiscalCode}))", ct);
}
