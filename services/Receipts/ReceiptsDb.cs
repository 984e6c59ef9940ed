using Microsoft.EntityFrameworkCore;
using Receipts.Webhooks;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

namespace Receipts;

internal sealed class ReceiptsDb(DbContextOptions<ReceiptsDb> options) : DbContext(options), IOutboxDb
{
    public const string Schema = "receipts";

    public DbSet<Receipt> Receipts => Set<Receipt>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
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
        modelBuilder.Entity<WebhookSubscription>(e => e.HasKey(s => s.Id));
        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.HasKey(d => d.Id);
            e.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId);
        });
        modelBuilder.Entity<WebhookAttempt>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).UseIdentityAlwaysColumn();
        });
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
    }
}
