using Microsoft.EntityFrameworkCore;
using Receipts.Recovery;
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
    public DbSet<WebhookIdempotencyKey> WebhookIdempotencyKeys => Set<WebhookIdempotencyKey>();
    public DbSet<ReceiptRecovery> ReceiptRecoveries => Set<ReceiptRecovery>();
    public DbSet<ReceiptRecoveryCall> ReceiptRecoveryCalls => Set<ReceiptRecoveryCall>();
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
        modelBuilder.Entity<WebhookIdempotencyKey>(e =>
        {
            e.HasKey(k => new { k.OrganizationFiscalCode, k.Key });
            // Known to EF so that the subscription is inserted first.
            e.HasOne<WebhookSubscription>().WithMany().HasForeignKey(k => k.SubscriptionId);
        });
        modelBuilder.Entity<ReceiptRecovery>(e => e.HasKey(r => r.Id));
        modelBuilder.Entity<ReceiptRecoveryCall>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).UseIdentityAlwaysColumn();
        });
        modelBuilder.MapOutboxAndInbox();
        modelBuilder.ApplyHouseConventions();
    }
}
