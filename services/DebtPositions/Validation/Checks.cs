using System.Text.RegularExpressions;

namespace DebtPositions.Validation;

// Checksums and formats of Italian and SEPA identifiers. Each returns null or what is wrong.
internal static partial class Checks
{
    // IBAN lengths of the SEPA countries (ECBS/SWIFT IBAN registry); IT and SM share the Italian BBAN.
    private static readonly Dictionary<string, int> SepaLengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22,
        ["DK"] = 18, ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24,
        ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["VA"] = 22,
    };

    public static string? Iban(string iban)
    {
        var value = iban.ToUpperInvariant();
        if (!IbanShape().IsMatch(value)) return "an IBAN is 2 letters, 2 check digits and up to 30 letters or digits";
        if (!SepaLengths.TryGetValue(value[..2], out var length)) return $"{value[..2]} is not a SEPA country";
        if (value.Length != length) return $"a {value[..2]} IBAN has {length} characters, this one has {value.Length}";
        if (value[..2] is "IT" or "SM" && !ItalianBban().IsMatch(value[4..]))
            return "an Italian IBAN is CIN (letter), ABI (5 digits), CAB (5 digits) and account (12 letters or digits)";
        // ISO 13616: move the first four characters to the end, letters to 10..35, the number mod 97 must be 1.
        var remainder = 0;
        foreach (var c in value[4..] + value[..4])
        {
            var digits = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = digits >= 10 ? (remainder * 100 + digits) % 97 : (remainder * 10 + digits) % 97;
        }
        return remainder == 1 ? null : "the IBAN check digits are wrong (ISO 13616 mod 97)";
    }

    // Codice fiscale of a natural person (16 characters, omocodia letters allowed, check character).
    public static string? PersonalFiscalCode(string code)
    {
        if (!PersonalShape().IsMatch(code)) return "a personal fiscal code has 16 characters: 6 letters, 2 digits, a month letter, 2 digits, a letter, 3 digits, a check letter";
        int[] odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
        var sum = 0;
        for (var i = 0; i < 15; i++)
        {
            var c = code[i];
            var index = char.IsAsciiDigit(c) ? c - '0' : c - 'A';
            sum += i % 2 == 0 ? odd[index] : index;
        }
        return code[15] == (char)('A' + sum % 26) ? null : $"the fiscal code check character should be {(char)('A' + sum % 26)}";
    }

    // An EC's fiscal code, as the organisation in a path or a transfer's beneficiary: 11 digits.
    public static string? EcFiscalCode(string code) =>
        ServiceDefaults.Security.OrganizationCode.IsValid(code) ? null : "an EC fiscal code has 11 digits";

    // Whether a code has the shape of an Italian personal fiscal code (then its check character must be right).
    public static bool LooksItalianPersonal(string code) => code.Length == 16 && PersonalShape().IsMatch(code);

    // A foreign natural person's tax id: letters and digits (separators dropped by the EC), at most 35 characters,
    // pagoPA's entityUniqueIdentifierValue. Not 16 characters that merely fail the Italian shape: those are typos.
    public static string? ForeignTaxId(string code) =>
        code.Length is >= 2 and <= 35 && code.All(char.IsAsciiLetterOrDigit) && !(code.Length == 16 && code.Take(6).All(char.IsAsciiLetter))
            ? null
            : "a fiscal code is an Italian one (16 characters, or 11 digits) or a foreign tax id of 2 to 35 letters and digits";

    // Partita IVA / numeric fiscal code of a legal person (11 digits, Luhn-like check digit).
    public static string? VatNumber(string code)
    {
        if (!ServiceDefaults.Security.OrganizationCode.IsValid(code)) return "a VAT number / numeric fiscal code has 11 digits";
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = code[i] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        var check = (10 - sum % 10) % 10;
        return code[10] - '0' == check ? null : $"the VAT number check digit should be {check}";
    }

    // pagoPA taxonomy code: "0101002IM" or the "9/0101108TS/" form used by GPD data.
    public static string? Taxonomy(string category) =>
        TaxonomyShape().IsMatch(category) ? null
            : "a taxonomy code is 7 digits and 2 letters (0101002IM), optionally as 9/0101108TS/";

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")]
    private static partial Regex IbanShape();

    [GeneratedRegex("^[A-Z][0-9]{5}[0-9]{5}[A-Z0-9]{12}$")]
    private static partial Regex ItalianBban();

    [GeneratedRegex("^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$")]
    private static partial Regex PersonalShape();

    [GeneratedRegex("^([0-9]/[0-9]{7}[A-Z]{2}/|[0-9]{7}[A-Z]{2})$")]
    private static partial Regex TaxonomyShape();
}
