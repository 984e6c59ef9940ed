namespace IuvIssuance;

// How one EC's notice numbers are built (NOTES §1).
internal sealed class IssuingOrganization
{
    private IssuingOrganization() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public short AuxDigit { get; private set; }
    public string? SegregationCode { get; private set; }
    public string? ApplicationCode { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public NoticeScheme Scheme => new(AuxDigit, SegregationCode, ApplicationCode);

    public static IssuingOrganization Create(string fiscalCode, NoticeScheme scheme, DateTimeOffset now)
    {
        var organization = new IssuingOrganization { OrganizationFiscalCode = fiscalCode, CreatedAt = now };
        organization.Configure(scheme, now);
        return organization;
    }

    public void Configure(NoticeScheme scheme, DateTimeOffset now)
    {
        AuxDigit = (short)scheme.AuxDigit;
        // Only the code the aux digit uses is kept, so the stored row never disagrees with the scheme.
        SegregationCode = scheme.AuxDigit == 3 ? scheme.SegregationCode : null;
        ApplicationCode = scheme.AuxDigit == 0 ? scheme.ApplicationCode : null;
        UpdatedAt = now;
    }
}
