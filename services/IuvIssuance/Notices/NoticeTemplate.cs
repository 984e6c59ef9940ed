namespace IuvIssuance.Notices;

// How one EC wants its notices printed: logo, name override and its own texts.
internal sealed class NoticeTemplate
{
    private NoticeTemplate() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public byte[]? Logo { get; private set; }
    public string? LogoContentType { get; private set; }
    public string? CompanyName { get; private set; }
    public string? Sector { get; private set; }
    public string? Office { get; private set; }
    public string? WhereToPay { get; private set; }
    public string? Contacts { get; private set; }
    public string? CbillCode { get; private set; }
    // The bollettino's account holder when it is not the EC's name, and Poste's authorisation to print bollettini.
    public string? PostalAccountHolder { get; private set; }
    public string? PosteAuthorisation { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static NoticeTemplate Create(string organizationFiscalCode) => new() { OrganizationFiscalCode = organizationFiscalCode };

    // The EC's template, or the plain one (no logo, the position's names, standard texts).
    public static NoticeTemplate Default(string organizationFiscalCode) => Create(organizationFiscalCode);

    // A PUT replaces the whole template: a field left out is cleared.
    public void Replace(NoticeTemplateRequest request, byte[]? logo, string? logoContentType, DateTimeOffset now)
    {
        Logo = logo;
        LogoContentType = logoContentType;
        CompanyName = Clean(request.CompanyName);
        Sector = Clean(request.Sector);
        Office = Clean(request.Office);
        WhereToPay = Clean(request.WhereToPay);
        Contacts = Clean(request.Contacts);
        CbillCode = Clean(request.CbillCode)?.ToUpperInvariant();
        PostalAccountHolder = Clean(request.PostalAccountHolder);
        PosteAuthorisation = Clean(request.PosteAuthorisation);
        UpdatedAt = now;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
