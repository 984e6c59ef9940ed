using Microsoft.Extensions.Options;
using Npgsql;
using NodeAdapter.Soap;
using ServiceDefaults.Persistence;

namespace NodeAdapter.Flows;

// Polls the FdR API for every EC of the station, on one replica at a time. The Node lists every flow of the last 30
// days and tracks nothing for us, so each round re-lists and the stored (flow, PSP, revision) keys decide what is
// new, including revisions published days later.
internal sealed class FlowPoller(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IOptions<FdrOptions> fdr, IOptions<StationOptions> station,
    ILogger<FlowPoller> logger) : ExclusiveJob(scopes, dataSource, logger)
{
    protected override string Name => "node-adapter-fdr-poller";
    protected override TimeSpan Interval => fdr.Value.PollInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        foreach (var organization in station.Value.Organizations)
        {
            try
            {
                if (fdr.Value.UsesSoap(organization)) await services.GetRequiredService<LegacyFlowDownloader>().PollAsync(organization, ct);
                else if (fdr.Value.BaseUrl is { Length: > 0 }) await services.GetRequiredService<FlowDownloader>().PollAsync(organization, ct);
            }
            catch (Exception e) when (FlowStore.ParksTheFlow(e, ct))
            {
                // The listing of one EC failed: the others still run; this one is retried next round.
                logger.LogWarning(e, "Listing the reporting flows of {Organization} failed", organization);
            }
        }
    }
}
