using System.Diagnostics;

namespace IuvIssuance.Tests;

/// <summary>
/// Reads a PDF the way a person or a scanner would, with Debian's tools: poppler-utils renders the
/// pages (pdftoppm) and extracts the text (pdftotext, pdfinfo); zbar-tools decodes QR codes from the
/// rendered image (zbarimg). Nothing here looks inside the PDF's structure.
/// </summary>
internal static class Reader
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

    /// <summary>How many raster images the PDF shows (pdfimages -list: two header lines, then one per image).</summary>
    public static async Task<int> ImageCountAsync(byte[] pdf)
    {
        using var dir = new TempDir();
        var list = await RunAsync("pdfimages", "-list", dir.Write("notice.pdf", pdf));
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 2;
    }

    /// <summary>The QR codes found on one page (1-based) rendered at 150 dpi.</summary>
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

    /// <summary>Without spaces: the NAV is printed in groups of four digits.</summary>
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
