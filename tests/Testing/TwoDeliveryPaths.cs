using Contracts.DebtPositions;

namespace Testing;

// Delivers the same generated positions to a service twice over the real broker: one by one as DebtPositionChanged
// under one EC, and round by round as DebtPositionsImported chunks under another. Each round is consumed on both
// paths (the service's inbox holds every message of it) before the next goes, so both paths see each position's
// versions in the same order.
public static class TwoDeliveryPaths
{
    public static async Task DeliverAsync(TestBus bus, TestDatabase database, string schema, GeneratedPositions positions,
        string singlesOrganization, string chunksOrganization)
    {
        for (var round = 0; round < positions.Rounds; round++)
        {
            var ids = new List<Guid>();
            foreach (var snapshot in positions.For(singlesOrganization, round))
            {
                ids.Add(Guid.NewGuid());
                await bus.PublishAsync(new DebtPositionChanged(snapshot, DebtPositionChanges.Updated, "api:test", DateTimeOffset.UtcNow), ids[^1]);
            }
            ids.Add(Guid.NewGuid());
            await bus.PublishAsync(new DebtPositionsImported(Guid.NewGuid(), round, positions.For(chunksOrganization, round),
                DebtPositionChanges.Published, "import:test", DateTimeOffset.UtcNow), ids[^1]);
            var consumed = $"SELECT count(DISTINCT message_id) FROM {schema}.inbox_messages WHERE message_id IN ('{string.Join("','", ids)}')";
            try
            {
                await Eventually.TrueAsync(async () => await database.ScalarAsync<long>(consumed) == ids.Count, TimeSpan.FromSeconds(60),
                    $"round {round} consumed on both paths");
            }
            catch (TimeoutException e)
            {
                var chunkDone = await database.ScalarAsync<long>($"SELECT count(*) FROM {schema}.inbox_messages WHERE message_id = '{ids[^1]}'");
                throw new TimeoutException($"{e.Message}: {await database.ScalarAsync<long>(consumed)} of {ids.Count} messages, the chunk {(chunkDone > 0 ? "among them" : "not")}", e);
            }
        }
    }

    // A fresh EC code for one path (11 digits, never the generator's beneficiary).
    public static string NewOrganization() => "9" + Random.Shared.NextInt64(0, 10_000_000_000).ToString("D10");
}
