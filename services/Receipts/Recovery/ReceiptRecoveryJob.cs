using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ServiceDefaults.Persistence;

namespace Receipts.Recovery;

// Fetches from biz-events the receipts that reporting flows reported and the archive does not have, one replica at a
// time (ADR 0025). Never a blind loop: only payments a flow reported, at most MaxCallsPerWindow calls per Window
// across every replica and round, MaxAttempts per payment with waits that grow, and a 429 stops the round.
internal sealed class ReceiptRecoveryJob(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IOptions<ReceiptRecoveryOptions> options, ILogger<ReceiptRecoveryJob> logger)
    : ExclusiveJob(scopes, dataSource, logger)
{
    private readonly ReceiptRecoveryOptions _options = options.Value;

    protected override string Name => "receipt-recovery";
    protected override TimeSpan Interval => _options.Interval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ReceiptsDb>();
        var client = services.GetRequiredService<BizEventsClient>();
        var metrics = services.GetRequiredService<RecoveryMetrics>();
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();

        // Receipts that came the ordinary way since the flow reported them need no call.
        var arrived = await db.ReceiptRecoveries
            .Where(r => r.Status == ReceiptRecovery.Pending
                        && db.Receipts.Any(a => a.OrganizationFiscalCode == r.OrganizationFiscalCode && a.ReceiptId == r.Iur))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ReceiptRecovery.AlreadyArchived)
                .SetProperty(r => r.ResolvedAt, now)
                .SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null), ct);
        metrics.Resolved(ReceiptRecovery.AlreadyArchived, arrived);

        var windowStart = now - _options.Window;
        var calls = await db.ReceiptRecoveryCalls.Where(c => c.CalledAt > windowStart).Select(c => c.CalledAt).ToListAsync(ct);
        var budget = _options.MaxCallsPerWindow - calls.Count;
        if (budget <= 0)
        {
            // The quota is spent: what is due waits, visibly, until the oldest call of the window leaves it.
            var freeAt = calls.Min() + _options.Window;
            await db.ReceiptRecoveries.Where(r => r.Status == ReceiptRecovery.Pending && r.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, freeAt), ct);
            return;
        }
        var due = await db.ReceiptRecoveries
            .Where(r => r.Status == ReceiptRecovery.Pending && r.NextAttemptAt <= now)
            .OrderBy(r => r.NextAttemptAt).Take(budget).Select(r => r.Id).ToListAsync(ct);
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var recovery = await db.ReceiptRecoveries.SingleAsync(r => r.Id == id, ct);
            var answer = await client.GetReceiptAsync(recovery.OrganizationFiscalCode, recovery.Iur, recovery.Iuv, ct);
            var outcome = await RecordAsync(db, recovery, answer, time, ct);
            metrics.Called(outcome);
            if (recovery.Status != ReceiptRecovery.Pending) metrics.Resolved(recovery.Status, 1);
            if (answer.Throttled) return;
        }
    }

    // The call, and what it did to the recovery (and the archive), committed together. Returns the call's outcome.
    private async Task<string> RecordAsync(ReceiptsDb db, ReceiptRecovery recovery, BizEventsAnswer answer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        db.ReceiptRecoveryCalls.Add(ReceiptRecoveryCall.Of(recovery.Id, now, answer));
        string outcome;
        if (answer.Receipt is { } fetched)
        {
            var received = fetched.ToReceived(standIn: recovery.Anomaly == "stand-in", now);
            var archived = await ReceiptArchive.AddAsync(db, received, time, ct, recovered: true);
            if (archived is null) recovery.Resolve(ReceiptRecovery.AlreadyArchived, now);
            else recovery.Fetched(now);
            outcome = "fetched";
        }
        else if (answer.Throttled)
        {
            // pagoPA's quota, not this payment's fault: not an attempt, and nothing more until the window has passed.
            recovery.Postpone(now + _options.Window);
            outcome = "throttled";
        }
        else
        {
            var attempt = recovery.Attempts + 1;
            DateTimeOffset? next = attempt >= _options.MaxAttempts ? null : now + _options.RetrySlot * (Math.Pow(2, attempt) - 1);
            recovery.Failed(answer.StatusCode, answer.Error ?? $"HTTP {answer.StatusCode}", next, now);
            outcome = answer.StatusCode == 404 ? "not-found" : "error";
            if (next is null)
                logger.LogWarning("Receipt {Iur} (IUV {Iuv}) of {Organization} could not be recovered after {Attempts} calls: {Error}",
                    recovery.Iur, recovery.Iuv, recovery.OrganizationFiscalCode, attempt, recovery.LastError);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("ux_receipts_org_receipt"))
        {
            // The Node's own delivery won the race by a moment: the receipt is archived once, by it.
            db.ChangeTracker.Clear();
            var again = await db.ReceiptRecoveries.SingleAsync(r => r.Id == recovery.Id, ct);
            again.Resolve(ReceiptRecovery.AlreadyArchived, now);
            db.ReceiptRecoveryCalls.Add(ReceiptRecoveryCall.Of(recovery.Id, now, answer));
            await db.SaveChangesAsync(ct);
            recovery.Resolve(ReceiptRecovery.AlreadyArchived, now);
        }
        return outcome;
    }
}
