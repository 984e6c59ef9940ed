namespace NodeAdapter.Flows;

// One EC's round on the FdR REST API: every published (flow, PSP, revision) not yet stored is read in full (every
// page of payments) and handed to the FlowStore; one that fails is parked and retried with backoff; it never stops
// the others.
internal sealed class FlowDownloader(FdrClient client, FlowStore store, TimeProvider time)
{
    public async Task PollAsync(string organization, CancellationToken ct)
    {
        var listed = await client.ListPublishedAsync(organization, ct);
        var known = (await store.KnownAsync(organization, ct)).ToDictionary(f => (f.FlowId, f.PspId, f.Revision));
        foreach (var item in listed.OrderBy(i => i.Revision))
        {
            if (known.TryGetValue((item.Fdr, item.PspId, item.Revision), out var row) && !store.IsDue(row)) continue;
            var key = new FlowKey(organization, item.Fdr, item.PspId, item.Revision);
            ReportingFlow Create() => ReportingFlow.Seen(organization, item, time.GetUtcNow());
            try
            {
                var flow = await client.GetFlowAsync(organization, item, ct);
                var payments = await client.GetPaymentsAsync(organization, item, ct);
                await store.StoreAsync(key, Create, FlowMapping.ToEvent(organization, flow, payments, time.GetUtcNow()), ct);
            }
            catch (Exception e) when (FlowStore.ParksTheFlow(e, ct))
            {
                await store.ParkAsync(key, Create, e, ct);
            }
        }
    }
}
