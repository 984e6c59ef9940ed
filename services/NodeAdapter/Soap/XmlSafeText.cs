namespace NodeAdapter.Soap;

// Text as XML 1.0 can carry it. Stored notice texts and echoed request values may hold characters XML forbids
// (control characters, U+FFFE/U+FFFF, half a surrogate pair); an XmlWriter throws on them, and the Node would get no
// answer at all. Each such character becomes a space: one for one, so lengths checked against the XSD stay right, and
// the text stays readable.
internal static class XmlSafeText
{
    public const char Replacement = ' ';

    // The text itself when it is safe (no allocation), else a copy with the bad characters replaced.
    public static string Clean(string text)
    {
        var first = IndexOfInvalid(text);
        if (first < 0) return text;
        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            state.text.CopyTo(span);
            for (var i = state.first; i < span.Length; i++)
            {
                if (IsPair(span, i)) i++;
                else if (!IsValidSingle(span[i])) span[i] = Replacement;
            }
        });
    }

    // Where the first character XML 1.0 forbids is, or -1.
    public static int IndexOfInvalid(ReadOnlySpan<char> text)
    {
        // Nearly all text lies within U+0020..U+D7FF: a vectorised scan skips it, the loop sees only the rest.
        var i = text.IndexOfAnyExceptInRange('\u0020', '\uD7FF');
        while (i >= 0)
        {
            if (IsPair(text, i)) i++;
            else if (!IsValidSingle(text[i])) return i;
            var next = text[(i + 1)..].IndexOfAnyExceptInRange('\u0020', '\uD7FF');
            i = next < 0 ? -1 : i + 1 + next;
        }
        return -1;
    }

    private static bool IsValidSingle(char c) => c is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');

    private static bool IsPair(ReadOnlySpan<char> text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
}
