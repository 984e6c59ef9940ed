using System.Text.Json;
using Contracts.NodeAdapter;

namespace NodeAdapter.Flows;

// One revision of one PSP's reporting flow for one EC: downloaded (and published), superseded by a later revision, or
// parked with the error that stopped it (retried with backoff, then left for operations).
internal sealed class ReportingFlow
{
    public const string Downloaded = "downloaded";
    public const string Superseded = "superseded";
    public const string Parked = "parked";

    private ReportingFlow() { }

    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string FlowId { get; private set; } = "";
    public string PspId { get; private set; } = "";
    public long Revision { get; private set; }
    public string Status { get; private set; } = Parked;
    public string? Error { get; private set; }
    // Inconsistencies the flow declares (totals vs rows): published anyway, for Reporting to judge.
    public string? Anomaly { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public int PaymentCount { get; private set; }
    public long TotalAmountCents { get; private set; }
    public string? Payload { get; private set; }
    // dataOraFlusso of a legacy SOAP revision (the REST API numbers revisions itself).
    public DateTimeOffset? FlowDate { get; private set; }
    public DateTimeOffset FirstSeenAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static ReportingFlow Seen(string organization, FdrListItem item, DateTimeOffset now) => new()
    {
        OrganizationFiscalCode = organization,
        FlowId = item.Fdr,
        PspId = item.PspId,
        Revision = item.Revision,
        FirstSeenAt = now,
        UpdatedAt = now,
    };

    // A stored revision as the pollers compare it with the Node's list: its key and retry state, without the payload,
    // which for a large flow is megabytes that every poll would otherwise read again.
    public static ReportingFlow Known(long id, string organization, string flowId, string pspId, long revision, string status,
        int attempts, DateTimeOffset? nextAttemptAt, DateTimeOffset? flowDate) => new()
    {
        Id = id,
        OrganizationFiscalCode = organization,
        FlowId = flowId,
        PspId = pspId,
        Revision = revision,
        Status = status,
        Attempts = attempts,
        NextAttemptAt = nextAttemptAt,
        FlowDate = flowDate,
    };

    // A legacy SOAP flow as listed by the Node: its PSP is only known once downloaded, so the key keeps an empty PSP
    // and the revisions are numbered in order of dataOraFlusso.
    public static ReportingFlow SeenLegacy(string organization, string flowId, long revision, DateTimeOffset flowDate, DateTimeOffset now) => new()
    {
        OrganizationFiscalCode = organization,
        FlowId = flowId,
        PspId = "",
        Revision = revision,
        FlowDate = flowDate,
        FirstSeenAt = now,
        UpdatedAt = now,
    };

    public bool IsDue(DateTimeOffset now, int maxAttempts) =>
        Status == Parked && Attempts < maxAttempts && (NextAttemptAt is null || NextAttemptAt <= now);

    public void Store(ReportingFlowDownloaded flow, bool superseded, string? anomaly, DateTimeOffset now)
    {
        Status = superseded ? Superseded : Downloaded;
        Error = null;
        Anomaly = anomaly;
        Attempts++;
        NextAttemptAt = null;
        PaymentCount = flow.Payments.Count;
        TotalAmountCents = flow.Payments.Sum(p => p.AmountCents);
        Payload = JsonSerializer.Serialize(flow, JsonSerializerOptions.Web);
        UpdatedAt = now;
    }

    public void Supersede(DateTimeOffset now)
    {
        Status = Superseded;
        UpdatedAt = now;
    }

    public void Park(string error, TimeSpan slot, DateTimeOffset now)
    {
        Status = Parked;
        Attempts++;
        Error = error.Length <= 2000 ? error : error[..2000];
        NextAttemptAt = now + slot * (Math.Pow(2, Attempts) - 1);
        UpdatedAt = now;
    }
}
