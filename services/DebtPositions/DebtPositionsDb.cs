using Contracts.DebtPositions;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace DebtPositions;

internal sealed class DebtPositionsDb(DbContextOptions<DebtPositionsDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "debt_positions";

    public DbSet<Position> Positions => Set<Position>();
    public DbSet<PaymentOption> PaymentOptions => Set<PaymentOption>();
    public DbSet<PositionHistory> History => Set<PositionHistory>();
    public DbSet<ReportedTransfer> ReportedTransfers => Set<ReportedTransfer>();
    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();
    public DbSet<Spontaneous.SpontaneousService> SpontaneousServices => Set<Spontaneous.SpontaneousService>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    // A position with its notices and transfers, tracked, ready for a transition.
    public Task<Position?> LoadAsync(string organizationFiscalCode, string iupd, CancellationToken ct) =>
        Positions.Whole().Of(organizationFiscalCode, iupd).SingleOrDefaultAsync(ct);

    // The same, untracked, to answer a read.
    public Task<Position?> ReadAsync(string organizationFiscalCode, string iupd, CancellationToken ct) =>
        Positions.AsNoTracking().Whole().Of(organizationFiscalCode, iupd).SingleOrDefaultAsync(ct);

    // An EC's catalogue entry for a spontaneous-payment service, untracked; null when it has none.
    public Task<Spontaneous.SpontaneousService?> FindSpontaneousServiceAsync(string organizationFiscalCode, string serviceId, CancellationToken ct) =>
        SpontaneousServices.AsNoTracking().SingleOrDefaultAsync(s => s.OrganizationFiscalCode == organizationFiscalCode && s.ServiceId == serviceId, ct);

    // Opens a transaction and takes row locks on the positions, so that a receipt and a reporting flow for the same
    // position arriving together on two endpoints are applied one after the other: without it each reads the other's
    // effect as absent and the report waits forever for a receipt already recorded.
    public async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> LockPositionsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var tx = await Database.BeginTransactionAsync(ct);
        var sorted = ids.Order().ToArray(); // one order for every locker: no deadlocks between consumers
        await Database.ExecuteSqlRawAsync($"SELECT 1 FROM {Schema}.positions WHERE id = ANY({{0}}) ORDER BY id FOR UPDATE", [sorted], ct);
        return tx;
    }

    // Queues the snapshot of a position changed in this unit of work (no-op for draft-only changes).
    public void PublishChange(Position position, string cause, TimeProvider time)
    {
        if (position.PendingChange is not { } change) return;
        this.AddToOutbox(new DebtPositionChanged(position.ToSnapshot(), change, cause, time.GetUtcNow()), time);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<Position>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).UseIdentityAlwaysColumn();
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasMany(p => p.Options).WithOne().HasForeignKey(o => o.PositionId);
            e.HasMany(p => p.History).WithOne().HasForeignKey(h => h.PositionId);
            e.Navigation(p => p.Options).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Navigation(p => p.History).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Ignore(p => p.Debtor);
            e.Ignore(p => p.PendingChange);
            e.Ignore(p => p.MaxDueDate);
            e.Ignore(p => p.Plans);
        });
        modelBuilder.Entity<Spontaneous.SpontaneousService>(e => e.HasKey(s => new { s.OrganizationFiscalCode, s.ServiceId }));
        modelBuilder.Entity<PaymentOption>(e =>
        {
            e.HasKey(o => o.Id);
            e.Property(o => o.Id).UseIdentityAlwaysColumn();
            e.Property(o => o.Metadata).HasColumnType("jsonb");
            e.Property(o => o.Debtor).HasColumnType("jsonb");
            e.Ignore(o => o.IsPaid);
            e.Ignore(o => o.PaidCents);
            e.Ignore(o => o.MetadataEntries);
            e.Ignore(o => o.OwnDebtor);
            e.HasMany(o => o.Transfers).WithOne().HasForeignKey(t => t.PaymentOptionId);
            e.Navigation(o => o.Transfers).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<Transfer>(e =>
        {
            e.ToTable("transfers");
            e.HasKey(t => new { t.PaymentOptionId, t.IdTransfer });
            e.Ignore(t => t.Stamp);
            e.Ignore(t => t.MetadataEntries);
            e.Ignore(t => t.IsReported);
            e.Property(t => t.Metadata).HasColumnType("jsonb");
        });
        modelBuilder.Entity<PositionHistory>(e =>
        {
            e.ToTable("position_history");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).UseIdentityAlwaysColumn();
        });
        modelBuilder.Entity<ReportedTransfer>(e => e.HasKey(r => new { r.OrganizationFiscalCode, r.Iuv, r.IdTransfer }));
        modelBuilder.Entity<IdempotencyKey>(e =>
        {
            e.HasKey(k => new { k.OrganizationFiscalCode, k.Key });
            e.Property(k => k.ResponseBody).HasColumnType("jsonb");
        });
        modelBuilder.MapOutboxAndInbox(bodyColumnType: "text"); // migration 0019
        modelBuilder.ApplyHouseConventions();
    }
}
