using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;

namespace IuvIssuance.Notices;

// Fonts, colours and text helpers of the notice layout (A4 portrait, points).
internal static class NoticeLayout
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double Margin = 36;
    public const double ContentWidth = PageWidth - 2 * Margin;

    public static readonly XColor Blue = XColor.FromArgb(0, 0x66, 0xCC);
    public static readonly XBrush BlueBrush = new XSolidBrush(Blue);
    public static readonly XBrush BandBrush = new XSolidBrush(XColor.FromArgb(0xEB, 0xF3, 0xFC));
    public static readonly XBrush Ink = new XSolidBrush(XColor.FromArgb(0x17, 0x32, 0x4D));
    public static readonly XBrush Grey = new XSolidBrush(XColor.FromArgb(0x5C, 0x6F, 0x82));
    public static readonly XPen Rule = new(XColor.FromArgb(0xC5, 0xD0, 0xDB), 0.75);

    public static XFont Regular(double size) => new(PdfSetup.Family, size, XFontStyleEx.Regular);
    public static XFont Bold(double size) => new(PdfSetup.Family, size, XFontStyleEx.Bold);

    // Draws text wrapped inside the rectangle (clipped at its bottom); returns the height used.
    public static double Wrap(XGraphics gfx, string text, XFont font, XBrush brush, XRect area)
    {
        if (area.Height < font.GetHeight()) return 0;
        var lines = LineCount(gfx, text, font, area.Width);
        var height = Math.Min(area.Height, lines * font.GetHeight());
        new XTextFormatter(gfx).DrawString(text, font, brush, new XRect(area.X, area.Y, area.Width, height), XStringFormats.TopLeft);
        return height;
    }

    public static void Line(XGraphics gfx, string text, XFont font, XBrush brush, double x, double y) =>
        gfx.DrawString(text, font, brush, new XPoint(x, y + font.GetHeight() * 0.8));

    public static void LineRight(XGraphics gfx, string text, XFont font, XBrush brush, double right, double y) =>
        gfx.DrawString(text, font, brush, new XPoint(right - gfx.MeasureString(text, font).Width, y + font.GetHeight() * 0.8));

    // Greedy word wrap count, matching how XTextFormatter breaks lines.
    private static int LineCount(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = 0;
        foreach (var paragraph in text.Split('\n'))
        {
            lines++;
            var current = 0d;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var w = gfx.MeasureString(word + " ", font).Width;
                if (current > 0 && current + w > width) { lines++; current = 0; }
                current += w;
            }
        }
        return lines;
    }

    // Fits an image in a box, keeping its proportions, aligned to the box's right edge.
    public static void ImageRight(XGraphics gfx, XImage image, XRect box)
    {
        var scale = Math.Min(box.Width / image.PointWidth, box.Height / image.PointHeight);
        var (w, h) = (image.PointWidth * scale, image.PointHeight * scale);
        gfx.DrawImage(image, box.Right - w, box.Y, w, h);
    }
}
