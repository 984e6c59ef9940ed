namespace ServiceDefaults.PagoPa;

/// <summary>
/// The notice number (NAV, pagoPA's <c>noticeNumber</c>, docs/pagopa-rules.md §1): 18 digits, the aux digit, then
/// the application code when the aux digit is 0, then the IUV. The one reading of that layout.
/// </summary>
public static class NoticeNumber
{
    public const int Length = 18;

    public static bool IsWellFormed(string? nav) => nav is { Length: Length } && nav.All(char.IsAsciiDigit);

    /// <summary>
    /// The IUV inside a NAV. A string that is not 18 characters long is returned whole: no notice's IUV equals it,
    /// so a lookup by it finds nothing.
    /// </summary>
    public static string IuvOf(string nav) => nav.Length != Length ? nav : nav[0] == '0' ? nav[3..] : nav[1..];
}
