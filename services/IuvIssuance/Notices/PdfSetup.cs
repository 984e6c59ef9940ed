using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace IuvIssuance.Notices;

// PDFsharp's process-wide setting, made once: a font resolver over Debian's DejaVu fonts (package fonts-dejavu-core),
// because PDFsharp's platform-independent build finds no system fonts by itself.
internal static class PdfSetup
{
    public const string Family = "DejaVu Sans";
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void EnsureInitialised(string fontDirectory)
    {
        lock (Gate)
        {
            if (_done) return;
            // Fail at startup, not at the first notice a citizen asks for.
            foreach (var face in (string[])["DejaVuSans", "DejaVuSans-Bold"])
            {
                if (!File.Exists(Path.Combine(fontDirectory, face + ".ttf")))
                    throw new InvalidOperationException(
                        $"{face}.ttf not found in {fontDirectory} (Notices__FontDirectory): install Debian's fonts-dejavu-core");
            }
            GlobalFontSettings.FontResolver = new DejaVuFontResolver(fontDirectory);
            _done = true;
        }
    }
}

// Maps every family to DejaVu Sans (regular or bold); italic is simulated.
internal sealed class DejaVuFontResolver(string directory) : IFontResolver
{
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic);

    public byte[]? GetFont(string faceName) =>
        _faces.GetOrAdd(faceName, name => File.ReadAllBytes(Path.Combine(directory, name + ".ttf")));
}
