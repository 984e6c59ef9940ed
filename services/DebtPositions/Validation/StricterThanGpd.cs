namespace DebtPositions.Validation;

// Appended to the refusals GPD would not make, so that an EC coming from GPD reads why the rule is kept here
// (docs/decisions/0055): each protects the money or the answer the station gives the Node.
internal static class StricterThanGpd
{
    public const string Iban = " (checked here, not by GPD: money paid to a mistyped IBAN goes astray)";

    public const string NodeLength = " (pagoPA's limit: the Node refuses a longer value in the station's answer)";

    public const string Iuv = " (checked here, not by GPD: the station answers the Node only for IUVs of the EC's own scheme, its segregation code and check digits)";

    public const string FiscalCode = " (checked here, not by GPD: an Italian code with a wrong check character is a typo, and the notice would name the wrong debtor)";

    public const string UnknownOrganization = " (checked here, not by GPD: its notice numbers need the EC's aux digit and segregation or application code, which the EC gives when it joins the platform)";

    // The IUV assignment's refusals, with why the ones GPD would not make are kept.
    public static Dictionary<string, string[]> OnIuvs(Dictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.Select(m => IsScheme(m) ? m + Iuv : m).ToArray(), StringComparer.Ordinal);

    private static bool IsScheme(string message) =>
        message.EndsWith("(segregation-code)", StringComparison.Ordinal) || message.EndsWith("(check-digit)", StringComparison.Ordinal);
}
