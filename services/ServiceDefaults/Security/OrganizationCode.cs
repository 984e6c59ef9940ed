namespace ServiceDefaults.Security;

/// <summary>
/// An EC (and an organisation a caller acts for) is identified by its 11-digit fiscal code (pagoPA's
/// <c>stFiscalCodePA</c>, docs/pagopa-rules.md §1). The one definition of that check.
/// </summary>
public static class OrganizationCode
{
    public static bool IsValid(string? code) => code is { Length: 11 } && code.All(char.IsAsciiDigit);
}
