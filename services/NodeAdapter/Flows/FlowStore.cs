using System.Text.Json;
using Contracts.NodeAdapter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Refit;
using ServiceDefaults.Messaging;

namespace NodeAdapter.Flows;

// Identifies one stored revision of one flow.
internal sealed record FlowKey(string Organization, string FlowId, string PspId, long Revision);

// Where downloaded flows land, whatever the source (FdR REST or legacy SOAP): a revision is stored and published
// through the outbox in one transaction, superseding the earlier ones of the same flow; a revision that failed is
// parked with its error and a backoff (NOTES §2.7).
internal sealed class FlowStore(NodeAdapterDb db, IOptions<FdrOptions> options, StationMetrics metrics, TimeProvider time, ILogger<FlowStore> logger)
{
    // Failures that park one flow: remote errors, unreadable or invalid content. Anything else is a bug.
    public static bool ParksTheFlow(Exception e, CancellationToken ct) => !ct.IsCancellationRequested
        && e is HttpRequestException or ApiException or ApiRequestException or JsonException or InvalidDataException or ExecutionRejectedException
            or TaskCanceledException or NotSupportedException or OverflowException or FormatException or System.Xml.XmlException;

    public async Task<List<ReportingFlow>> KnownAsync(string organization, CancellationToken ct) =>
        await db.ReportingFlows.AsNoTracking().Where(f => f.OrganizationFiscalCode == organization)
            .Select(f => ReportingFlow.Known(f.Id, f.OrganizationFiscalCode, f.FlowId, f.PspId, f.Revision, f.Status, f.Attempts, f.NextAttemptAt, f.FlowDate))
            .ToListAsync(ct);

    public bool IsDue(ReportingFlow row) => row.IsDue(time.GetUtcNow(), options.Value.MaxAttempts);

    public async Task StoreAsync(FlowKey key, Func<ReportingFlow> create, ReportingFlowDownloaded message, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var row = await FindAsync(key, create, ct);
        var now = time.GetUtcNow();
        var siblings = await db.ReportingFlows.Where(f => f.OrganizationFiscalCode == key.Organization && f.FlowId == key.FlowId
                && f.PspId == key.PspId && f.Revision != key.Revision && f.Status == ReportingFlow.Downloaded)
            .ToListAsync(ct);
        var superseded = siblings.Any(f => f.Revision > key.Revision);
        var anomaly = FlowMapping.Anomaly(message);
        row.Store(message, superseded, anomaly, now);
        if (!superseded)
        {
            foreach (var older in siblings) older.Supersede(now);
            db.AddToOutbox(message, time);
        }
        await db.SaveChangesAsync(ct);
        metrics.FlowStored(row.Status);
        logger.LogInformation("Flow {FlowId} rev {Revision} of PSP {PspId} for {Organization} ({Source}): {Status}, {Payments} payments{Anomaly}",
            message.FlowId, message.Revision, message.PspId, key.Organization, message.Source, row.Status, row.PaymentCount,
            anomaly is null ? "" : "; " + anomaly);
    }

    public async Task ParkAsync(FlowKey key, Func<ReportingFlow> create, Exception error, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var row = await FindAsync(key, create, ct);
        row.Park($"{error.GetType().Name}: {error.Message}", options.Value.RetrySlot, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        metrics.FlowStored(ReportingFlow.Parked);
        logger.LogError("Flow {FlowId} rev {Revision} for {Organization} parked (attempt {Attempts}): {Error}",
            key.FlowId, key.Revision, key.Organization, row.Attempts, row.Error);
    }

    private async Task<ReportingFlow> FindAsync(FlowKey key, Func<ReportingFlow> create, CancellationToken ct)
    {
        var row = await db.ReportingFlows.SingleOrDefaultAsync(f => f.OrganizationFiscalCode == key.Organization
            && f.FlowId == key.FlowId && f.PspId == key.PspId && f.Revision == key.Revision, ct);
        if (row is not null) return row;
        row = create();
        db.ReportingFlows.Add(row);
        return row;
    }
}
