using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceDefaults.Messaging;

/// <summary>Wakes the outbox relay as soon as this process commits outbox rows (else it polls).</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>What this process's DbContexts are saving to the outbox, for the relay to publish as is.</summary>
    public OutboxHandoff Handoff { get; } = new();

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        // Handed off before the commit: an entry whose transaction then fails is simply never asked for.
        foreach (var entry in eventData.Context!.ChangeTracker.Entries<OutboxMessage>())
            if (entry.State == EntityState.Added && entry.Entity.Original is { } message) signal.Handoff.Keep(entry.Entity.MessageId, message);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
