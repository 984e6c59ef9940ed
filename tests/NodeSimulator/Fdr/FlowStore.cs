namespace NodeSimulator.Fdr;

// One row of a flow, named as in fdr_organization.json's Payment.
internal sealed record FlowPayment(long Index, string Iuv, string Iur, int IdTransfer, decimal Pay, string PayStatus, DateTimeOffset PayDate);

internal sealed record FlowSender(string Type, string Id, string PspId, string PspName, string PspBrokerId, string ChannelId);

internal sealed record FlowReceiver(string Id, string OrganizationId, string OrganizationName);

// One published revision of a reporting flow. Declared totals may differ from the rows (real flows do).
internal sealed record PublishedFlow(
    string Fdr, long Revision, DateTimeOffset Created, DateTimeOffset Published, DateTimeOffset FdrDate,
    string Regulation, DateOnly RegulationDate, string BicCodePouringBank, FlowSender Sender, FlowReceiver Receiver,
    long TotPayments, decimal SumPayments, IReadOnlyList<FlowPayment> Payments)
{
    public string OrganizationId => Receiver.OrganizationId;
    public string PspId => Sender.PspId;
}

// Every revision the simulated PSPs published (in memory).
internal sealed class FlowStore
{
    private readonly Lock _gate = new();
    private readonly List<PublishedFlow> _revisions = [];
    // A flow id must not repeat for a PSP on a day: a simulator restarted on the same day (the demo run twice
    // against a kept database) starts its progressive after the ids the earlier process could have used.
    private long _progressive = (long)DateTime.UtcNow.TimeOfDay.TotalSeconds * 10;

    // The progressive part of the next flow id: unique within the simulator's lifetime.
    public long NextProgressive() => Interlocked.Increment(ref _progressive);

    public void Add(PublishedFlow flow)
    {
        lock (_gate) _revisions.Add(flow);
    }

    public PublishedFlow? Latest(string fdr)
    {
        lock (_gate) return _revisions.Where(f => f.Fdr == fdr).MaxBy(f => f.Revision);
    }

    public PublishedFlow? Find(string organizationId, string fdr, long revision, string pspId)
    {
        lock (_gate)
            return _revisions.FirstOrDefault(f => f.Fdr == fdr && f.Revision == revision && f.PspId == pspId && f.OrganizationId == organizationId);
    }

    // The latest revision of each flow of an EC, as the Node lists them.
    public IReadOnlyList<PublishedFlow> LatestOf(string? organizationId)
    {
        lock (_gate)
            return _revisions.Where(f => organizationId is null || f.OrganizationId == organizationId)
                .GroupBy(f => (f.Fdr, f.PspId))
                .Select(g => g.MaxBy(f => f.Revision)!)
                .OrderBy(f => f.Published).ThenBy(f => f.Fdr, StringComparer.Ordinal)
                .ToList();
    }
}
