namespace DebtPositions;

// A debt position (GPD PaymentPosition) and its lifecycle: DRAFT → PUBLISHED → VALID → PARTIALLY_PAID → PAID →
// REPORTED, plus INVALID and EXPIRED. Every change bumps Version (the optimistic concurrency token and the version of
// the published snapshot) and appends a history row.
internal sealed partial class Position
{
    private readonly List<PaymentOption> _options = [];
    private readonly List<PositionHistory> _history = [];

    private Position() { }

    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iupd { get; private set; } = "";
    public string Status { get; private set; } = PositionStatus.Draft;
    public long Version { get; private set; }
    public string Type { get; private set; } = "";
    public string FiscalCode { get; private set; } = "";
    public string FullName { get; private set; } = "";
    public string? StreetName { get; private set; }
    public string? CivicNumber { get; private set; }
    public string? PostalCode { get; private set; }
    public string? City { get; private set; }
    public string? Province { get; private set; }
    public string? Region { get; private set; }
    public string? Country { get; private set; }
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public string CompanyName { get; private set; } = "";
    public string? OfficeName { get; private set; }
    public bool SwitchToExpired { get; private set; }
    public bool PayStandIn { get; private set; }
    public DateTimeOffset? ValidityDate { get; private set; }
    public DateTimeOffset? PaymentDate { get; private set; }
    public DateTimeOffset InsertedDate { get; private set; }
    public DateTimeOffset? PublishDate { get; private set; }
    public DateTimeOffset LastUpdatedDate { get; private set; }
    public string? RevenueType { get; private set; }
    public string? ExternalReference { get; private set; }
    // The bulk import that created the position: its creation and publication are told by the import, not by history
    // rows (ADR 0011).
    public Guid? ImportId { get; private set; }
    public IReadOnlyList<PaymentOption> Options => _options;
    // Only the rows added since loading (history is appended, never read through the aggregate).
    public IReadOnlyList<PositionHistory> History => _history;
    // The last change made in this unit of work, published with the snapshot; null = nothing to publish.
    public string? PendingChange { get; private set; }

    public DebtorData Debtor => new(Type, FiscalCode, FullName, StreetName, CivicNumber, PostalCode, City, Province, Region, Country, Email, Phone);

    // deletedVersion: The last version of a deleted position with the same IUPD, if any: the new one continues its
    // versions, because every consumer keeps the highest version of an IUPD and would take the new position's
    // snapshots for late ones.
    public static Position Create(string organizationFiscalCode, string iupd, PositionContent content, string cause, DateTimeOffset now, long deletedVersion = 0)
    {
        var position = new Position { OrganizationFiscalCode = organizationFiscalCode, Iupd = iupd, InsertedDate = now, Version = deletedVersion };
        position.SetContent(content, now);
        foreach (var option in content.Options) position._options.Add(PaymentOption.Create(organizationFiscalCode, option, now));
        position.Record("created", PositionStatus.Draft, cause, null, now);
        return position;
    }

    private void SetContent(PositionContent c, DateTimeOffset now)
    {
        var d = c.Debtor;
        (Type, FiscalCode, FullName, StreetName, CivicNumber, PostalCode) = (d.Type, d.FiscalCode, d.FullName, d.StreetName, d.CivicNumber, d.PostalCode);
        (City, Province, Region, Country, Email, Phone) = (d.City, d.Province, d.Region, d.Country, d.Email, d.Phone);
        (CompanyName, OfficeName, SwitchToExpired, PayStandIn, ValidityDate) = (c.CompanyName, c.OfficeName, c.SwitchToExpired, c.PayStandIn, c.ValidityDate);
        (RevenueType, ExternalReference) = (c.RevenueType, c.ExternalReference);
        LastUpdatedDate = now;
    }

    // Appends a history row and bumps the version; a change to a non-draft position is published.
    private void Record(string change, string newStatus, string cause, string? detail, DateTimeOffset now)
    {
        var previous = change == "created" ? null : Status;
        Version++;
        Status = newStatus;
        LastUpdatedDate = now;
        _history.Add(PositionHistory.Of(Version, change, previous, newStatus, cause, detail, now));
        if (newStatus != PositionStatus.Draft || previous is not (null or PositionStatus.Draft)) PendingChange = change;
    }

    // PUBLISHED until the validity date, VALID (payable) from then on.
    private string PublishedStatus(DateTimeOffset now) => PublishedStatusAt(ValidityDate, now);

    public static string PublishedStatusAt(DateTimeOffset? validityDate, DateTimeOffset at) =>
        validityDate is { } v && v > at ? PositionStatus.Published : PositionStatus.Valid;

    // Marks a position built by bulk import importId (its history rows are not written, see ADR 0011).
    public void ImportedBy(Guid importId) => ImportId = importId;

    // The instalment plans: instalments grouped by plan id (null = v1's single implicit plan).
    public IEnumerable<IGrouping<string?, PaymentOption>> Plans => _options.Where(o => o.IsPartialPayment).GroupBy(o => o.PaymentPlanId);

    // The last due date of the notices still to pay decides expiry.
    public DateTimeOffset MaxDueDate => _options.Max(o => o.DueDate);
}
