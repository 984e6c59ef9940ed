using PdfSharp.Drawing;
using ServiceDefaults.Web;

namespace IuvIssuance.Notices;

// PUT body of a notice template. Logo is a base64 PNG or JPEG; the two text blocks may span lines.
// PostalAccountHolder and PosteAuthorisation go on Poste's bollettino (docs/pagopa-notice.md).
internal sealed record NoticeTemplateRequest(
    string? Logo, string? CompanyName, string? Sector, string? Office, [property: MultiLineText] string? WhereToPay,
    [property: MultiLineText] string? Contacts, string? CbillCode, string? PostalAccountHolder = null, string? PosteAuthorisation = null)
{
    public const int MaxLogoBytes = 256 * 1024;
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    // Field errors, and the decoded logo with its content type when it is valid.
    public Dictionary<string, string[]> Validate(string organizationFiscalCode, out byte[]? logo, out string? contentType)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ServiceDefaults.Security.OrganizationCode.IsValid(organizationFiscalCode))
            errors["organizationFiscalCode"] = ["an EC fiscal code has 11 digits"];
        CheckLength(errors, "companyName", CompanyName, 140);
        CheckLength(errors, "sector", Sector, 140);
        CheckLength(errors, "office", Office, 140);
        CheckLength(errors, "whereToPay", WhereToPay, 600);
        CheckLength(errors, "contacts", Contacts, 300);
        CheckLength(errors, "postalAccountHolder", PostalAccountHolder, 50);
        CheckLength(errors, "posteAuthorisation", PosteAuthorisation, 60);
        if (!string.IsNullOrWhiteSpace(CbillCode) && !(CbillCode.Trim() is { Length: 5 } code && code.All(char.IsAsciiLetterOrDigit)))
            errors["cbillCode"] = ["a CBILL code has 5 letters or digits"];
        (logo, contentType) = (null, null);
        if (!string.IsNullOrEmpty(Logo) && DecodeLogo(Logo, out logo, out contentType) is { } logoError)
            errors["logo"] = [logoError];
        return errors;
    }

    private static string? DecodeLogo(string base64, out byte[]? logo, out string? contentType)
    {
        (logo, contentType) = (null, null);
        // 4 base64 characters carry 3 bytes: refuse an oversized logo before decoding it.
        if (base64.Length > (MaxLogoBytes + 2) / 3 * 4) return $"the logo exceeds {MaxLogoBytes / 1024} KiB";
        byte[] bytes;
        try { bytes = Convert.FromBase64String(base64); }
        catch (FormatException) { return "the logo is not valid base64"; }
        var type = bytes.AsSpan().StartsWith(PngMagic) ? "image/png" : bytes.AsSpan().StartsWith(JpegMagic) ? "image/jpeg" : null;
        if (type is null) return "the logo must be a PNG or a JPEG image (checked by its signature bytes)";
        if (!CanDecode(bytes)) return $"the logo has a {type} signature but is not a readable image";
        (logo, contentType) = (bytes, type);
        return null;
    }

    // A file with the right signature can still be truncated: refuse what the renderer cannot draw.
    private static bool CanDecode(byte[] bytes)
    {
        try
        {
            using var image = XImage.FromStream(new MemoryStream(bytes, writable: false));
            return image.PixelWidth > 0 && image.PixelHeight > 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static void CheckLength(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max) errors[field] = [$"{field} has at most {max} characters"];
    }
}

internal sealed record NoticeTemplateView(
    string OrganizationFiscalCode, string? Logo, string? LogoContentType, string? CompanyName, string? Sector, string? Office,
    string? WhereToPay, string? Contacts, string? CbillCode, DateTimeOffset UpdatedAt, string? PostalAccountHolder = null,
    string? PosteAuthorisation = null)
{
    public static NoticeTemplateView From(NoticeTemplate t) => new(t.OrganizationFiscalCode,
        t.Logo is null ? null : Convert.ToBase64String(t.Logo), t.LogoContentType, t.CompanyName, t.Sector, t.Office,
        t.WhereToPay, t.Contacts, t.CbillCode, t.UpdatedAt, t.PostalAccountHolder, t.PosteAuthorisation);
}
