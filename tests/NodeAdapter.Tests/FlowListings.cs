namespace NodeAdapter.Tests;

// When a fake Node was asked for an EC's list of flows: each listing starts one of the poller's rounds for that EC.
// Rounds never overlap (one replica at a time, one round after the other), so a second listing after an instant
// proves that a whole round began and ended after it: "the poller looked again and did nothing more" is then a fact
// to wait for, not the hope of a sleep.
internal sealed class FlowListings
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private readonly List<(string Organization, DateTimeOffset At)> _listed = [];
    private readonly List<(string Organization, DateTimeOffset After, TaskCompletionSource Signal)> _waiting = [];

    public void Record(string organization)
    {
        lock (_lock)
        {
            _listed.Add((organization, DateTimeOffset.UtcNow));
            foreach (var waiter in _waiting.Where(w => RoundDone(w.Organization, w.After)).ToList())
            {
                _waiting.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    // Returns once a whole round for organization began after after (default: now) and ended.
    public async Task RoundCompletedAsync(string organization, DateTimeOffset? after = null)
    {
        var since = after ?? DateTimeOffset.UtcNow;
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (RoundDone(organization, since)) return;
            _waiting.Add((organization, since, signal));
        }
        try { await signal.Task.WaitAsync(Limit); }
        catch (TimeoutException) { throw new TimeoutException($"After {Limit.TotalSeconds} s: no whole polling round for {organization} after {since:O}"); }
    }

    private bool RoundDone(string organization, DateTimeOffset after) => _listed.Count(l => l.Organization == organization && l.At > after) >= 2;
}
