using NodeAdapter.Notices;
using NodeAdapter.Receipts;
using NodeAdapter.Soap;
using Contracts.NodeAdapter;
using MassTransit;
using ServiceDefaults.Health;

namespace NodeAdapter.Station;

// Opens paDemandPaymentNotice's request path over the bus before the station reports ready: the first request of a
// cold process (request client, exchanges, serializers on both sides, DebtPositions' consumer and inbox) took longer
// than the Node's budget on a loaded machine. One request for an organization no EC has, which DebtPositions refuses
// without side effects. Bounded to a few seconds: the station must become ready (and answer verify/getPayment) even
// when DebtPositions is down or still starting.
internal sealed partial class DemandWarmUp(IRequestClient<CreateSpontaneousPosition> debtPositions, SpontaneousServices services, NodeAdapterDb db,
    TimeProvider time, ILogger<DemandWarmUp> logger) : IWarmUp
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken ct)
    {
        // The catalogue lookup's query, compiled before the first demand.
        await services.SchemaOfAsync(db, CreateSpontaneousPosition.WarmUpOrganization, "WARM0", ct);
        var request = new CreateSpontaneousPosition(NewId.NextGuid(), CreateSpontaneousPosition.WarmUpOrganization,
            "WARM0", "WARM0", "<warmUp/>", time.GetUtcNow());
        try
        {
            await debtPositions.GetResponse<SpontaneousPositionCreated, SpontaneousPositionRefused>(request, ct, RequestTimeout.After(ms: (int)Budget.TotalMilliseconds));
        }
        catch (RequestTimeoutException)
        {
            // Our half of the path (request client, exchange, serializer) is warm anyway.
            LogNoAnswer(Budget.TotalSeconds);
        }
    }

    [LoggerMessage(LogLevel.Information, "DebtPositions did not answer the warm-up demand within {Seconds} s (down or still starting); the station is ready anyway")]
    private partial void LogNoAnswer(double seconds);
}
