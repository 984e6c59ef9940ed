using PdfSharp.Drawing;
using ZXing;
using ZXing.Common;
using ZXing.Datamatrix;
using ZXing.Datamatrix.Encoder;

namespace IuvIssuance.Notices;

// The bollettino's DataMatrix (ECC 200, square), drawn as vector squares: pagoPA's notice guide asks for a vector,
// monochrome symbol on white, 25 × 25 mm (docs/pagopa-notice.md).
internal static class DataMatrixSymbol
{
    public const double Side = 25 / 25.4 * 72;

    private static readonly Dictionary<EncodeHintType, object> Hints = new()
    {
        [EncodeHintType.DATA_MATRIX_SHAPE] = SymbolShapeHint.FORCE_SQUARE,
    };

    public static BitMatrix Encode(string payload) =>
        new DataMatrixWriter().encode(payload, BarcodeFormat.DATA_MATRIX, 0, 0, Hints);

    public static void Draw(XGraphics gfx, string payload, XPoint topLeft)
    {
        // Requested size 0: one matrix cell per module, without a quiet zone (the layout leaves white around it).
        var matrix = Encode(payload);
        var module = Side / matrix.Width;
        for (var y = 0; y < matrix.Height; y++)
        {
            var x = 0;
            while (x < matrix.Width)
            {
                if (!matrix[x, y]) { x++; continue; }
                var start = x;
                while (x < matrix.Width && matrix[x, y]) x++;
                gfx.DrawRectangle(XBrushes.Black, topLeft.X + start * module, topLeft.Y + y * module, (x - start) * module, module);
            }
        }
    }
}
