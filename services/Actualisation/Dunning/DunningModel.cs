using Microsoft.EntityFrameworkCore;

namespace Actualisation.Dunning;

/// <summary>Dunning's tables in Actualisation's model (migration 0010_dunning.sql).</summary>
internal static class DunningModel
{
    public static ModelBuilder MapDunning(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DunningSettings>(e =>
        {
            e.HasKey(s => s.OrganizationFiscalCode);
            e.Property(s => s.Steps).HasColumnType("jsonb");
            e.Property(s => s.Channels).HasColumnType("jsonb");
        });
        modelBuilder.Entity<DunningSchedule>(e =>
        {
            e.HasKey(s => new { s.OrganizationFiscalCode, s.RevenueType });
            e.Property(s => s.Steps).HasColumnType("jsonb");
            e.Property(s => s.Channels).HasColumnType("jsonb");
        });
        modelBuilder.Entity<DunningNotice>(e => e.HasKey(n => new { n.OrganizationFiscalCode, n.Iuv }));
        modelBuilder.Entity<DunningReminder>(e =>
        {
            e.HasKey(r => new { r.OrganizationFiscalCode, r.Iuv, r.StepDays });
            e.Property(r => r.ChannelsDone).HasColumnType("jsonb");
        });
        modelBuilder.Entity<DunningOverdueSummary>(e => e.HasKey(s => new { s.OrganizationFiscalCode, s.RomeDay }));
        return modelBuilder;
    }
}
