using PdfSharp.Drawing;
using QRCoder;

namespace IuvIssuance.Notices;

// The pagoPA QR code drawn as vector squares (sharp at any print resolution). pagoPA asks for version 4 (33×33
// modules) with error correction M (docs/pagopa-notice.md); every payload of docs/pagopa-rules.md §1 fits it.
internal static class QrSymbol
{
    public static void Draw(XGraphics gfx, string payload, XRect area)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M, requestedVersion: 4);
        // ModuleMatrix includes the 4-module quiet zone on each side; the area is sized to hold it.
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var module = Math.Min(area.Width, area.Height) / size;
        for (var row = 0; row < size; row++)
        {
            // One rectangle per horizontal run of dark modules: no hairline seams between squares.
            var column = 0;
            while (column < size)
            {
                if (!matrix[row][column]) { column++; continue; }
                var start = column;
                while (column < size && matrix[row][column]) column++;
                gfx.DrawRectangle(XBrushes.Black, area.X + start * module, area.Y + row * module, (column - start) * module, module);
            }
        }
    }
}
