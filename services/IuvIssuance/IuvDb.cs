using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Persistence;

namespace IuvIssuance;

/// <summary>IuvIssuance publishes no events: no outbox is mapped (the migrator still creates its tables).</summary>
internal sealed class IuvDb(DbContextOptions<IuvDb> options) : DbContext(options)
{
    public const string Schema = "iuv_issuance";

    public DbSet<IssuingOrganization> Organizations => Set<IssuingOrganization>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<IssuingOrganization>(e =>
        {
            e.ToTable("organizations");
            e.HasKey(o => o.OrganizationFiscalCode);
        });
        modelBuilder.ApplyHouseConventions();
    }
}
