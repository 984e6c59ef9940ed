using System.Data.Common;
using System.Runtime.CompilerServices;
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

    /// <summary>True when signalled, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Hands this process's outbox messages to the relay and wakes it when they are committed: after a save that wrote
/// outbox rows, or, when that save ran inside an explicit transaction, after that transaction commits (the relay would
/// not see the rows before). Saves that wrote no outbox rows (a consumer's inbox row and read model) wake nobody: each
/// such wake-up cost the relay an empty round, a transaction of its own (ADR 0061).
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Contexts that saved outbox rows inside a transaction not committed yet.
    private readonly ConditionalWeakTable<DbContext, object> _pending = new();
    private static readonly object Pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        // Handed off before the commit: an entry whose transaction then fails is simply never asked for.
        var writesOutbox = false;
        foreach (var entry in eventData.Context!.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State != EntityState.Added) continue;
            writesOutbox = true;
            if (entry.Entity.Original is { } message) signal.Handoff.Keep(entry.Entity.MessageId, message);
        }
        if (writesOutbox) _pending.AddOrUpdate(eventData.Context, Pending);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context!;
        if (context.Database.CurrentTransaction is null && _pending.Remove(context)) signal.Notify();
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context!.Database.CurrentTransaction is null) _pending.Remove(eventData.Context);
        return base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.Remove(context)) signal.Notify();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && _pending.Remove(context)) signal.Notify();
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }
}
