using ServiceDefaults.Messaging;
using Xunit;

namespace ServiceDefaults.Tests;

// The in-memory handoff between this process's outbox writes and its relay: bounded, each message taken once.
public sealed class OutboxHandoffTests
{
    [Fact]
    public void The_relay_takes_a_held_message_once_and_the_oldest_goes_when_more_than_sixteen_are_held()
    {
        var handoff = new OutboxHandoff();
        var ids = Enumerable.Range(0, 17).Select(_ => Guid.NewGuid()).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i))) handoff.Keep(id, $"message {i}");

        Assert.Equal(16, handoff.Held().Length);
        Assert.DoesNotContain(ids[0], handoff.Held());
        Assert.False(handoff.TryTake(ids[0], out _)); // evicted: the relay reads its body from the table instead
        Assert.True(handoff.TryTake(ids[16], out var message));
        Assert.Equal("message 16", message);
        Assert.False(handoff.TryTake(ids[16], out _));
        Assert.Equal(15, handoff.Held().Length);
    }
}
