using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ZXing;
using ZXing.Common;
using ZXing.Datamatrix;

namespace IuvIssuance.Tests;

// Reads a PDF the way a person or a scanner would, with Debian's tools: poppler-utils renders the pages (pdftoppm)
// and extracts the text (pdftotext, pdfinfo); zbar-tools decodes QR codes from the rendered image (zbarimg),
// ZXing.Net's decoder the DataMatrix (zbar reads none). Nothing here looks inside the PDF's structure.
internal static partial class Reader
{
    public static async Task<string> TextAsync(byte[] pdf)
    {
        using var dir = new TempDir();
        var file = dir.Write("notice.pdf", pdf);
        return await RunAsync("pdftotext", "-layout", file, "-");
    }

    public static async Task<int> PageCountAsync(byte[] pdf)
    {
        using var dir = new TempDir();
        var info = await RunAsync("pdfinfo", dir.Write("notice.pdf", pdf));
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // How many raster images the PDF shows (pdfimages -list: two header lines, then one per image).
    public static async Task<int> ImageCountAsync(byte[] pdf)
    {
        using var dir = new TempDir();
        var list = await RunAsync("pdfimages", "-list", dir.Write("notice.pdf", pdf));
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 2;
    }

    // The QR codes found on one page (1-based) rendered at 150 dpi.
    public static async Task<string[]> QrCodesAsync(byte[] pdf, int page)
    {
        using var dir = new TempDir();
        var file = dir.Write("notice.pdf", pdf);
        var png = Path.Combine(dir.Path, "page");
        var p = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await RunAsync("pdftoppm", "-png", "-r", "150", "-f", p, "-l", p, "-singlefile", file, png);
        var output = await RunAsync("zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", png + ".png");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    // The DataMatrix of each Poste bollettino on one page (1-based), as a post-office scanner aimed at it reads it:
    // the section is found by its printed title, and the square under the title at the section's left is rendered at
    // 300 dpi and decoded. ZXing's DataMatrix detector wants the symbol near the middle of the image with white
    // around it, hence a few framings around where pagoPA's model puts it.
    public static async Task<string[]> DataMatrixesAsync(byte[] pdf, int page)
    {
        using var dir = new TempDir();
        var file = dir.Write("notice.pdf", pdf);
        var p = page.ToString(CultureInfo.InvariantCulture);
        var words = await RunAsync("pdftotext", "-bbox", "-f", p, "-l", p, file, "-");
        var found = new List<string>();
        foreach (Match title in TitleWord().Matches(words))
        {
            var (left, bottom) = (Points(title.Groups["x"].Value), Points(title.Groups["y"].Value));
            foreach (var (dx, dy) in Framings)
            {
                if (await DecodeDataMatrixAsync(dir, file, p, left - 14 + dx, bottom + 18 + dy) is { } text)
                {
                    found.Add(text);
                    break;
                }
            }
        }
        return [.. found];
    }

    private const int Dpi = 300;
    private static readonly (int Dx, int Dy)[] Framings = [(0, 0), (-6, 0), (6, 0), (0, -6), (0, 6)];

    private static async Task<string?> DecodeDataMatrixAsync(TempDir dir, string file, string page, double x, double y)
    {
        const double side = 86;
        var px = (double points) => ((int)Math.Round(points * Dpi / 72)).ToString(CultureInfo.InvariantCulture);
        var output = Path.Combine(dir.Path, "symbol");
        await RunAsync("pdftoppm", "-gray", "-r", Dpi.ToString(CultureInfo.InvariantCulture), "-f", page, "-l", page,
            "-x", px(x), "-y", px(y), "-W", px(side), "-H", px(side), "-singlefile", file, output);
        var (width, height, pixels) = Pgm(await File.ReadAllBytesAsync(output + ".pgm"));
        var image = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8)));
        return new DataMatrixReader().decode(image, new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true })?.Text;
    }

    // Binary PGM as pdftoppm -gray writes it: "P5", width, height, maximum value, then one byte per pixel.
    private static (int Width, int Height, byte[] Pixels) Pgm(byte[] file)
    {
        var (fields, at) = (new List<int>(), 2);
        while (fields.Count < 3)
        {
            while (char.IsWhiteSpace((char)file[at])) at++;
            var start = at;
            while (!char.IsWhiteSpace((char)file[at])) at++;
            fields.Add(int.Parse(System.Text.Encoding.ASCII.GetString(file, start, at - start), CultureInfo.InvariantCulture));
        }
        return (fields[0], fields[1], file[(at + 1)..]);
    }

    private static double Points(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    [GeneratedRegex("""<word xMin="(?<x>[0-9.]+)" yMin="[0-9.]+" xMax="[0-9.]+" yMax="(?<y>[0-9.]+)">BOLLETTINO</word>""")]
    private static partial Regex TitleWord();

    // Without spaces: the NAV is printed in groups of four digits.
    public static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} exited {process.ExitCode}: {await error}");
        return await output;
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("notice-test-").FullName;

        public string Write(string name, byte[] content)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllBytes(file, content);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
