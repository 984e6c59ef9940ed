using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Receipts;

internal sealed class ReceiptsDb(DbContextOptions<ReceiptsDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "receipts";

    public DbSet<Receipt> Receipts => Set<Receipt>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<Receipt>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).UseIdentityAlwaysColumn();
            e.Property(r => r.Payload).HasColumnType("jsonb");
        });
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
    }
}
