using IuvIssuance.Notices;
using IuvIssuance.Notices.Batches;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace IuvIssuance;

// IUV registry, the notice read model (DebtPositionChanged, AmountScheduleComputed), notice templates and batches.
// The outbox is mapped because AddMessaging needs it (and the inbox); the service publishes nothing yet.
internal sealed class IuvDb(DbContextOptions<IuvDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "iuv_issuance";

    public DbSet<IssuingOrganization> Organizations => Set<IssuingOrganization>();
    public DbSet<NoticePosition> NoticePositions => Set<NoticePosition>();
    public DbSet<NoticeNav> NoticeNavs => Set<NoticeNav>();
    public DbSet<NoticeSchedule> NoticeSchedules => Set<NoticeSchedule>();
    public DbSet<NoticeTemplate> NoticeTemplates => Set<NoticeTemplate>();
    public DbSet<NoticeBatch> NoticeBatches => Set<NoticeBatch>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<IssuingOrganization>(e =>
        {
            e.ToTable("organizations");
            e.HasKey(o => o.OrganizationFiscalCode);
        });
        modelBuilder.Entity<NoticePosition>(e =>
        {
            e.ToTable("notice_positions");
            e.HasKey(p => new { p.OrganizationFiscalCode, p.Iupd });
        });
        modelBuilder.Entity<NoticeNav>(e =>
        {
            e.ToTable("notice_navs");
            e.HasKey(n => new { n.OrganizationFiscalCode, n.Nav });
        });
        modelBuilder.Entity<NoticeSchedule>(e =>
        {
            e.ToTable("notice_schedules");
            e.HasKey(s => new { s.OrganizationFiscalCode, s.Iuv });
            e.Property(s => s.PositionVersion).IsConcurrencyToken();
            e.Property(s => s.ComputedAt).IsConcurrencyToken();
            e.Property(s => s.Steps).HasColumnType("jsonb");
        });
        modelBuilder.Entity<NoticeTemplate>(e =>
        {
            e.ToTable("notice_templates");
            e.HasKey(t => t.OrganizationFiscalCode);
        });
        modelBuilder.Entity<NoticeBatch>(e =>
        {
            e.ToTable("notice_batches");
            e.HasKey(b => b.Id);
            e.Property(b => b.Selection).HasColumnType("jsonb");
        });
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
    }
}
