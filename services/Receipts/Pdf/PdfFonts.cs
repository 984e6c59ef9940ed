using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Receipts.Pdf;

// PDFsharp's process-wide setting, made once: a font resolver over Debian's DejaVu fonts (fonts-dejavu-core), because
// PDFsharp's platform-independent build finds no system fonts by itself. The same approach as IuvIssuance's notices (services are not referenced across).
internal static class PdfFonts
{
    public const string Family = "DejaVu Sans";
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void EnsureInitialised(string fontDirectory)
    {
        lock (Gate)
        {
            if (_done) return;
            // Fail at startup, not at the first receipt a citizen asks for.
            foreach (var face in (string[])["DejaVuSans", "DejaVuSans-Bold"])
            {
                if (!File.Exists(Path.Combine(fontDirectory, face + ".ttf")))
                    throw new InvalidOperationException(
                        $"{face}.ttf not found in {fontDirectory} (ReceiptPdf__FontDirectory): install Debian's fonts-dejavu-core");
            }
            GlobalFontSettings.FontResolver = new DejaVuFonts(fontDirectory);
            _done = true;
        }
    }
}

// Maps every family to DejaVu Sans (regular or bold); italic is simulated.
internal sealed class DejaVuFonts(string directory) : IFontResolver
{
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic);

    public byte[]? GetFont(string faceName) =>
        _faces.GetOrAdd(faceName, name => File.ReadAllBytes(Path.Combine(directory, name + ".ttf")));
}
