namespace NodeAdapter.Flows;

// One EC's round on the legacy SOAP interface. The Node lists every flow of the last 30 days with the dataOraFlusso
// of its latest version and tracks nothing for us: an id with a dataOraFlusso we have not stored is a new revision (a
// later one overwrites the earlier, SANP-FDR).
internal sealed class LegacyFlowDownloader(NodoClient client, FlowStore store, TimeProvider time)
{
    public async Task PollAsync(string organization, CancellationToken ct)
    {
        var listed = await client.ListAsync(organization, ct);
        var known = (await store.KnownAsync(organization, ct)).Where(f => f.PspId.Length == 0).ToList();
        foreach (var item in listed.OrderBy(i => i.FlowDate))
        {
            var versions = known.Where(f => f.FlowId == item.FlowId).ToList();
            var same = versions.FirstOrDefault(f => f.FlowDate == item.FlowDate);
            if (same is not null && !store.IsDue(same)) continue;
            var revision = same?.Revision ?? (versions.Count == 0 ? 1 : versions.Max(f => f.Revision) + 1);
            var key = new FlowKey(organization, item.FlowId, "", revision);
            ReportingFlow Create() => ReportingFlow.SeenLegacy(organization, item.FlowId, revision, item.FlowDate, time.GetUtcNow());
            if (same is null) known.Add(Create());
            try
            {
                var xml = await client.GetAsync(organization, item.FlowId, ct);
                await store.StoreAsync(key, Create, FlussoRiversamento.Parse(organization, xml, revision, time.GetUtcNow()), ct);
            }
            catch (Exception e) when (FlowStore.ParksTheFlow(e, ct))
            {
                await store.ParkAsync(key, Create, e, ct);
            }
        }
    }
}
