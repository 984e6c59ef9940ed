using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Receipts.Webhooks;

// Wakes this replica's sweeper when there may be something to send: deliveries committed (a new event, a replay), a
// subscription resumed, a slot freed. Other replicas find the work at their next safety poll.
internal sealed class WebhookSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount > 0) return;
        try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
    }

    // True when woken, false when timeout passed first.
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

// Signals the sweeper after a save that touched deliveries or subscriptions.
internal sealed class WebhookSignalInterceptor(WebhookSignal signal) : SaveChangesInterceptor
{
    // Per context instance: a DbContext is used by one flow at a time.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _touched = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        var context = eventData.Context!;
        if (context.ChangeTracker.Entries().Any(e => e.Entity is WebhookDelivery or WebhookSubscription && e.State != EntityState.Unchanged))
            _touched.AddOrUpdate(context, true);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_touched.Remove(eventData.Context!)) signal.Notify();
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
