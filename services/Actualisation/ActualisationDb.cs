using Actualisation.Dunning;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Actualisation;

internal sealed class ActualisationDb(DbContextOptions<ActualisationDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "actualisation";

    public DbSet<PositionSeen> Positions => Set<PositionSeen>();
    public DbSet<AmountSchedule> AmountSchedules => Set<AmountSchedule>();
    public DbSet<Tables.RuleTable> RuleTables => Set<Tables.RuleTable>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<PositionSeen>(e =>
        {
            e.ToTable("positions");
            e.HasKey(p => new { p.OrganizationFiscalCode, p.Iupd });
            // xmin: two versions of one position consumed in parallel cannot both win; the loser retries.
            e.Property(p => p.RowVersion).IsRowVersion();
        });
        modelBuilder.Entity<AmountSchedule>(e =>
        {
            e.HasKey(s => new { s.OrganizationFiscalCode, s.Iuv });
            e.Property(s => s.Steps).HasColumnType("jsonb");
            e.Property(s => s.Input).HasColumnType("jsonb");
            e.Property(s => s.RowVersion).IsRowVersion();
        });
        modelBuilder.Entity<Tables.RuleTable>(e =>
        {
            e.HasKey(t => new { t.OrganizationFiscalCode, t.RevenueType, t.Version });
            e.Property(t => t.Parameters).HasColumnType("jsonb");
            e.Property(t => t.LegalRates).HasColumnType("jsonb");
        });
        modelBuilder.MapDunning();
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
        // After the conventions, which would rename it: the row version is PostgreSQL's system column.
        modelBuilder.Entity<PositionSeen>().Property(p => p.RowVersion).HasColumnName("xmin").HasColumnType("xid");
        modelBuilder.Entity<AmountSchedule>().Property(s => s.RowVersion).HasColumnName("xmin").HasColumnType("xid");
    }
}
