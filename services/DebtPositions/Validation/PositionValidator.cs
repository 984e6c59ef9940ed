using ServiceDefaults.Web;

namespace DebtPositions.Validation;

// Field-level validation of a position draft (NOTES §4, gpd.json): required fields, string lengths of the pagoPA
// schemas, amount = Σ transfers, 1..5 transfers with unique ids, IBAN checksums, taxonomy codes, debtor fiscal codes,
// coherent dates. Keys are the JSON paths GPD v1 gives those fields (paymentOption[0].transfer[1].iban); every other
// edge renames them to its own (GPD v3, a CSV column).
internal static class PositionValidator
{
    public const int MaxOptions = 100;

    public static Dictionary<string, string[]> Validate(PositionDraft m, DateTimeOffset now)
    {
        var e = new Errors();
        e.Required("iupd", m.Iupd, 100);
        if (m.Iupd is { } iupd && iupd.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '*' or ' ')))
            e.Add("iupd", "iupd admits letters, digits, '-', '_', '*' and spaces (GPD's path pattern)");
        ValidateDebtor(e, "", m.Debtor);
        e.Required("companyName", m.CompanyName, 140);
        e.Optional("officeName", m.OfficeName, 140);
        if (m.SwitchToExpired is null) e.Add("switchToExpired", "switchToExpired is required");
        e.Optional("revenueType", m.RevenueType, 35);
        e.Optional("externalReference", m.ExternalReference, 140);
        if (m.ValidityDate is { } far && RequestBounds.DayProblem(far) is { } farProblem) e.Add("validityDate", $"validityDate {farProblem}");
        else if (m.ValidityDate is { } validity && validity < now) e.Add("validityDate", "the validity date is already past");

        if (m.Options is not { Count: > 0 } options)
        {
            e.Add("paymentOption", "at least one payment option is required");
            return e.Result;
        }
        if (options.Count > MaxOptions) e.Add("paymentOption", $"at most {MaxOptions} payment options per position");
        for (var i = 0; i < options.Count; i++) OptionValidator.Validate(e, $"paymentOption[{i}]", options[i], m.ValidityDate, now);
        foreach (var duplicate in options.Where(o => !string.IsNullOrEmpty(o.Iuv)).GroupBy(o => o.Iuv).Where(g => g.Count() > 1))
            e.Add("paymentOption", $"iuv {duplicate.Key} appears more than once");
        return e.Result;
    }

    internal static void ValidateDebtor(Errors e, string prefix, DebtorDraft d)
    {
        ValidateIdentity(e, prefix, d.Type, d.FiscalCode, d.FullName);
        ValidateAddress(e, prefix, d);
    }

    private static void ValidateIdentity(Errors e, string prefix, string? type, string? fiscalCode, string? fullName)
    {
        if (type is not ("F" or "G")) e.Add(prefix + "type", "type is required: F (natural person) or G (legal person)");
        e.Required(prefix + "fullName", fullName, 70, StricterThanGpd.NodeLength);
        if (string.IsNullOrWhiteSpace(fiscalCode))
        {
            e.Add(prefix + "fiscalCode", "fiscalCode is required");
            return;
        }
        // ANONIMO: the pagoPA value for a debtor whose code is unknown (SANP primitives, entityUniqueIdentifierValue).
        var code = fiscalCode.ToUpperInvariant();
        if (code == "ANONIMO") return;
        // A foreign person's tax id (GPD takes any): its shape is its country's, only pagoPA's limits apply here.
        if (type == "F" && !Checks.LooksItalianPersonal(code) && !ServiceDefaults.Security.OrganizationCode.IsValid(code))
        {
            if (Checks.ForeignTaxId(code) is { } shape) e.Add(prefix + "fiscalCode", shape);
            return;
        }
        var problem = type == "F" && code.Length == 16 ? Checks.PersonalFiscalCode(code) : Checks.VatNumber(code);
        if (problem is not null) e.Add(prefix + "fiscalCode", problem + StricterThanGpd.FiscalCode);
    }

    private static void ValidateAddress(Errors e, string prefix, DebtorDraft d)
    {
        // Lengths of ctSubject in the pagoPA common types: what the Node accepts in paGetPayment.
        e.Optional(prefix + "streetName", d.StreetName, 70, StricterThanGpd.NodeLength);
        e.Optional(prefix + "civicNumber", d.CivicNumber, 16, StricterThanGpd.NodeLength);
        e.Optional(prefix + "postalCode", d.PostalCode, 16, StricterThanGpd.NodeLength);
        e.Optional(prefix + "city", d.City, 35, StricterThanGpd.NodeLength);
        e.Optional(prefix + "province", d.Province, 35, StricterThanGpd.NodeLength);
        e.Optional(prefix + "region", d.Region, 35, StricterThanGpd.NodeLength);
        if (d.Country is { } country && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            e.Add(prefix + "country", "country is an ISO 3166 code of 2 capital letters");
        e.Optional(prefix + "email", d.Email, 256);
        if (d.Email is { } email && (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@')))
            e.Add(prefix + "email", "email is not an e-mail address");
        e.Optional(prefix + "phone", d.Phone, 35);
    }
}

// Accumulates field errors in the shape of ValidationProblemDetails.errors.
internal sealed class Errors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public Dictionary<string, string[]> Result => _errors.ToDictionary(p => p.Key, p => p.Value.ToArray());

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public void Required(string field, string? value, int maxLength, string why = "")
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"{Name(field)} is required");
        else Optional(field, value, maxLength, why);
    }

    public void Optional(string field, string? value, int maxLength, string why = "")
    {
        if (value is not null && value.Length > maxLength) Add(field, $"{Name(field)} has at most {maxLength} characters, got {value.Length}{why}");
    }

    // A required amount in euro cents within pagoPA's bounds.
    public void Amount(string field, long? cents)
    {
        if (cents is null) Add(field, $"{Name(field)} is required (euro cents)");
        else if (RequestBounds.AmountProblem(cents.Value) is { } problem) Add(field, $"{Name(field)} {problem}");
    }

    public void Metadata(string field, IReadOnlyList<EntryDraft>? entries)
    {
        if (entries is null) return;
        if (entries.Count > 10) Add(field, "at most 10 metadata entries");
        // Keys are unique (GPD v3 says so; the published snapshot carries metadata as a dictionary).
        foreach (var key in entries.Where(m => m.Key is not null).GroupBy(m => m.Key).Where(g => g.Count() > 1))
            Add(field, $"metadata key {key.Key} appears more than once");
        for (var i = 0; i < entries.Count; i++)
        {
            Required($"{field}[{i}].key", entries[i].Key, 140);
            if (entries[i].Value is null) Add($"{field}[{i}].value", "value is required");
            else Optional($"{field}[{i}].value", entries[i].Value, 140);
        }
    }

    private static string Name(string field) => field[(field.LastIndexOf('.') + 1)..];
}
