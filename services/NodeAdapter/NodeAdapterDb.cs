using Microsoft.EntityFrameworkCore;
using NodeAdapter.Flows;
using NodeAdapter.Notices;
using NodeAdapter.Receipts;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace NodeAdapter;

internal sealed class NodeAdapterDb(DbContextOptions<NodeAdapterDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "node_adapter";

    public DbSet<AmountSchedule> AmountSchedules => Set<AmountSchedule>();
    public DbSet<Catalogue.OfferedService> OfferedServices => Set<Catalogue.OfferedService>();
    public DbSet<LoggedReceipt> ReceiptLog => Set<LoggedReceipt>();
    public DbSet<ReportingFlow> ReportingFlows => Set<ReportingFlow>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<AmountSchedule>(e =>
        {
            e.ToTable("amount_schedules");
            e.HasKey(s => new { s.OrganizationFiscalCode, s.Iuv });
            e.Property<uint>("xmin").HasColumnName("xmin").IsRowVersion();
            e.Property(s => s.Steps).HasColumnType("jsonb");
        });
        modelBuilder.Entity<LoggedReceipt>(e =>
        {
            e.ToTable("receipt_log");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).UseIdentityAlwaysColumn();
            e.Property(r => r.Receipt).HasColumnType("jsonb");
        });
        modelBuilder.Entity<ReportingFlow>(e =>
        {
            e.ToTable("reporting_flows");
            e.HasKey(f => f.Id);
            e.Property(f => f.Id).UseIdentityAlwaysColumn();
            e.Property(f => f.Payload).HasColumnType("jsonb");
        });
        modelBuilder.Entity<Catalogue.OfferedService>(e =>
        {
            e.ToTable("spontaneous_services");
            e.HasKey(s => new { s.OrganizationFiscalCode, s.ServiceId });
        });
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
    }
}
