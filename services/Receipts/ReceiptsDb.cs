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

    private readonly List<QueuedWebhook> _queuedWebhooks = [];
    private bool _deliveriesWritten;

    // Raised by WebhookEvent.Raise; written by the next save.
    internal void QueueWebhook(QueuedWebhook queued) => _queuedWebhooks.Add(queued);

    // True once after a save wrote deliveries: WebhookQueueCommitInterceptor wakes the sweeper on the commit.
    internal bool TakeDeliveriesWritten()
    {
        var written = _deliveriesWritten;
        _deliveriesWritten = false;
        return written;
    }

    // A save with queued webhooks writes its changes and their deliveries in one transaction: its own, or the caller's
    // if one is open. In its own transaction EF's savepoint would protect nothing (a failure rolls everything back).
    // The queue is emptied whatever happens: a failed save's events are raised again by its retry.
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (_queuedWebhooks.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        QueuedWebhook[] queued = [.. _queuedWebhooks];
        _queuedWebhooks.Clear();
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var autoSavepoints = Database.AutoSavepointsEnabled;
        if (own is not null) Database.AutoSavepointsEnabled = false;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            _deliveriesWritten |= await WebhookQueue.InsertDeliveriesAsync(this, queued, cancellationToken) > 0;
            if (own is not null) await own.CommitAsync(cancellationToken);
            return saved;
        }
        finally
        {
            Database.AutoSavepointsEnabled = autoSavepoints;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) => _queuedWebhooks.Count == 0
        ? base.SaveChanges(acceptAllChangesOnSuccess)
        : throw new InvalidOperationException("A save with queued webhooks must be SaveChangesAsync");

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
