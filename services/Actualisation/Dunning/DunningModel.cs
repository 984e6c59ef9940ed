using Microsoft.EntityFrameworkCore;

namespace Actualisation.Dunning;

// Dunning's tables in Actualisation's model (migration 0010_dunning.sql).
internal static class DunningModel
{
    public static ModelBuilder MapDunning(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DunningSettings>(e =>
        {
            e.ToTable("dunning_settings");
            e.HasKey(s => s.OrganizationFiscalCode);
            e.Property(s => s.Steps).HasColumnType("jsonb");
            e.Property(s => s.Channels).HasColumnType("jsonb");
        });
        modelBuilder.Entity<DunningSchedule>(e =>
        {
            e.ToTable("dunning_schedules");
            e.HasKey(s => new { s.OrganizationFiscalCode, s.RevenueType });
            e.Property(s => s.Steps).HasColumnType("jsonb");
            e.Property(s => s.Channels).HasColumnType("jsonb");
        });
        modelBuilder.Entity<DunningNotice>(e =>
        {
            e.ToTable("dunning_notices");
            e.HasKey(n => new { n.OrganizationFiscalCode, n.Iuv });
        });
        modelBuilder.Entity<DunningReminder>(e =>
        {
            e.ToTable("dunning_reminders");
            e.HasKey(r => new { r.OrganizationFiscalCode, r.Iuv, r.StepDays });
            e.Property(r => r.ChannelsDone).HasColumnType("jsonb");
        });
        modelBuilder.Entity<DunningOverdueSummary>(e =>
        {
            e.ToTable("dunning_overdue_summaries");
            e.HasKey(s => new { s.OrganizationFiscalCode, s.RomeDay });
        });
        return modelBuilder;
    }
}
