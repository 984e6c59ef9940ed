using MassTransit;

namespace PaymentChainFloor;

// Counts every delivery; the run ends when each chain's seven have arrived.
public sealed class Deliveries(long expected)
{
    private long _count;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    public long Count => Interlocked.Read(ref _count);

    public void Arrived()
    {
        if (Interlocked.Increment(ref _count) == expected) _done.TrySetResult();
    }
}

// The message sizes of the run, one filler per event.
public sealed record Fillers(string Receipt, string Payment, string Position);

// Receipts: archives the receipt and announces the payment (here: publishes at once).
public sealed class ReceiptsArchive(Deliveries deliveries, Fillers fillers) : IConsumer<ReceiptHop>
{
    public async Task Consume(ConsumeContext<ReceiptHop> context)
    {
        await context.Publish(new PaymentHop(context.Message.ChainId, fillers.Payment));
        deliveries.Arrived();
    }
}

// DebtPositions: marks the position paid and announces its new snapshot.
public sealed class PositionsPaid(Deliveries deliveries, Fillers fillers) : IConsumer<PaymentHop>
{
    public async Task Consume(ConsumeContext<PaymentHop> context)
    {
        await context.Publish(new PositionHop(context.Message.ChainId, fillers.Position));
        deliveries.Arrived();
    }
}

// The consumers at the end of the path: they only take the message.
public abstract class Leaf<T>(Deliveries deliveries) : IConsumer<T> where T : class
{
    public Task Consume(ConsumeContext<T> context)
    {
        deliveries.Arrived();
        return Task.CompletedTask;
    }
}

// Reporting: stores the paid transfers.
public sealed class ReportingPaidTransfers(Deliveries deliveries) : Leaf<PaymentHop>(deliveries);

// NodeAdapter: the station's notice read model.
public sealed class NodeAdapterNotices(Deliveries deliveries) : Leaf<PositionHop>(deliveries);

// Actualisation: the positions it has seen.
public sealed class ActualisationPositions(Deliveries deliveries) : Leaf<PositionHop>(deliveries);

// IuvIssuance: the notice read model.
public sealed class IuvIssuancePositions(Deliveries deliveries) : Leaf<PositionHop>(deliveries);

// Receipts: the position status webhooks.
public sealed class ReceiptsWebhooks(Deliveries deliveries) : Leaf<PositionHop>(deliveries);
