using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Web.Security;

/// <summary>
/// One Data Protection key ring for every replica of the Web app, in PostgreSQL (schema <c>web</c>), so that a
/// cookie or antiforgery token protected by one replica is read by any other (docs/decisions/0081-web-shared-key-ring.md).
/// Without a connection string (a single process, as in the browser tests) the keys stay with the process.
/// </summary>
internal static class SharedKeyRing
{
    public const string Schema = "web";

    public static WebApplicationBuilder AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        // The same name on every replica: by default the discriminator is the content root, which may differ.
        var protection = builder.Services.AddDataProtection().SetApplicationName("payments-web");
        var connectionString = builder.Configuration.GetConnectionString("Payments");
        if (string.IsNullOrEmpty(connectionString)) return builder;
        builder.Services.AddDbContext<KeyRingDb>(o => o.UseNpgsql(connectionString));
        protection.PersistKeysToDbContext<KeyRingDb>();
        return builder;
    }
}

/// <summary>The key ring's table, created by the Web app's migration (Migrations/0001_data_protection_keys.sql).</summary>
internal sealed class KeyRingDb(DbContextOptions<KeyRingDb> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<DataProtectionKey>(key =>
    {
        key.ToTable("data_protection_keys", SharedKeyRing.Schema);
        key.Property(k => k.Id).HasColumnName("id");
        key.Property(k => k.FriendlyName).HasColumnName("friendly_name");
        key.Property(k => k.Xml).HasColumnName("xml");
    });
}
