using System.Globalization;
using NoticeNumberLayout = ServiceDefaults.PagoPa.NoticeNumber;

namespace IuvIssuance;

// An EC's notice-number scheme: aux digit 3 + segregation code, or aux digit 0 + application code.
internal sealed record NoticeScheme(int AuxDigit, string? SegregationCode, string? ApplicationCode)
{
    // The two digits that follow the aux digit in the NAV and key the EC's counter.
    public string Code => AuxDigit == 3 ? SegregationCode! : ApplicationCode!;

    // IUV length: segregation(2) + base(13) + check(2) for aux 3; base(13) + check(2) for aux 0.
    public int IuvLength => AuxDigit == 3 ? 17 : 15;
}

internal sealed record NoticeNumber(string Iuv, string Nav);

// AgID IUV/NAV arithmetic (SACI "Generazione dell'identificativo univoco di versamento", NOTES §1): the check digit
// is the number formed by aux digit + segregation/application code + 13-digit base, modulo 93, on two digits. That
// number has 16 digits, so it fits a long.
internal static class NoticeNumbers
{
    public const long BaseSpace = 10_000_000_000_000; // 13 digits

    public static int CheckDigit(int auxDigit, string code, long @base) =>
        (int)((auxDigit * 1_000_000_000_000_000L + long.Parse(code, CultureInfo.InvariantCulture) * BaseSpace + @base) % 93);

    public static NoticeNumber Build(NoticeScheme scheme, long @base)
    {
        var check = CheckDigit(scheme.AuxDigit, scheme.Code, @base);
        var baseText = @base.ToString("D13", CultureInfo.InvariantCulture);
        var checkText = check.ToString("D2", CultureInfo.InvariantCulture);
        return scheme.AuxDigit == 3
            ? new NoticeNumber(scheme.Code + baseText + checkText, "3" + scheme.Code + baseText + checkText)
            : new NoticeNumber(baseText + checkText, "0" + scheme.Code + baseText + checkText);
    }

    // Checks a client's IUV or NAV against the EC's scheme; the first failed rule is the reason.
    public static NoticeValidation Validate(NoticeScheme scheme, string? iuv, string? nav)
    {
        if (nav is not null)
        {
            if (nav.Length != NoticeNumberLayout.Length) return NoticeValidation.Fail("length", $"a NAV has {NoticeNumberLayout.Length} digits, this one has {nav.Length}");
            if (!NoticeNumberLayout.IsWellFormed(nav)) return NoticeValidation.Fail("digits", "a NAV contains digits only");
            if (nav[0] - '0' != scheme.AuxDigit)
                return NoticeValidation.Fail("aux-digit", $"the EC issues NAVs with aux digit {scheme.AuxDigit}, this one has {nav[0]}");
            if (scheme.AuxDigit == 0 && nav[1..3] != scheme.ApplicationCode)
                return NoticeValidation.Fail("application-code", $"the EC's application code is {scheme.ApplicationCode}, this NAV has {nav[1..3]}");
            iuv = NoticeNumberLayout.IuvOf(nav);
        }
        if (iuv is null) return NoticeValidation.Fail("missing", "give an iuv or a nav");
        if (iuv.Length != scheme.IuvLength)
            return NoticeValidation.Fail("length", $"the EC's IUVs have {scheme.IuvLength} digits (aux digit {scheme.AuxDigit}), this one has {iuv.Length}");
        if (!iuv.All(char.IsAsciiDigit)) return NoticeValidation.Fail("digits", "an IUV contains digits only");
        if (scheme.AuxDigit == 3 && iuv[..2] != scheme.SegregationCode)
            return NoticeValidation.Fail("segregation-code", $"the EC's segregation code is {scheme.SegregationCode}, this IUV starts with {iuv[..2]}");
        var @base = long.Parse(iuv[^15..^2], CultureInfo.InvariantCulture);
        var expected = Build(scheme, @base);
        if (expected.Iuv != iuv)
            return NoticeValidation.Fail("check-digit", $"check digit {iuv[^2..]} is wrong: ({scheme.AuxDigit}{scheme.Code}{iuv[^15..^2]} mod 93) = {expected.Iuv[^2..]}");
        return new NoticeValidation(true, expected.Iuv, expected.Nav, null, null);
    }
}

internal sealed record NoticeValidation(bool Valid, string? Iuv, string? Nav, string? Code, string? Reason)
{
    public static NoticeValidation Fail(string code, string reason) => new(false, null, null, code, reason);
}
