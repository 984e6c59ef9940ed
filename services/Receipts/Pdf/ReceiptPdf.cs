using Contracts.NodeAdapter;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Receipts.Pdf;

// The citizen's receipt (ricevuta di pagamento) from the data of paSendRT/paSendRTV2: one A4 page (more when the
// transfers need them), Italian labels, every value as the Node sent it.
internal static class ReceiptPdf
{
    private const double Margin = 50;
    private const double LabelWidth = 170;
    private static readonly XFont Title = new(PdfFonts.Family, 18, XFontStyleEx.Bold);
    private static readonly XFont Heading = new(PdfFonts.Family, 12, XFontStyleEx.Bold);
    private static readonly XFont Label = new(PdfFonts.Family, 10, XFontStyleEx.Bold);
    private static readonly XFont Value = new(PdfFonts.Family, 10, XFontStyleEx.Regular);
    private static readonly XFont Small = new(PdfFonts.Family, 8, XFontStyleEx.Regular);
    private static readonly XFont SmallBold = new(PdfFonts.Family, 8, XFontStyleEx.Bold);

    public static byte[] Render(ReceiptReceived r)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"Ricevuta di pagamento {r.ReceiptId}";
        document.Info.Creator = "Receipts";
        var page = new Writer(document);
        page.Line(Title, "Ricevuta di pagamento", 26);
        page.Line(Small, "Pagamento eseguito tramite pagoPA", 24);
        page.Field("Ente creditore", $"{r.CompanyName} (C.F. {r.OrganizationFiscalCode})");
        page.Field("Debitore", $"{r.DebtorName} (C.F. {r.DebtorFiscalCode})");
        if (r.PayerFiscalCode is { } payer) page.Field("Pagatore", $"C.F. {payer}");
        page.Field("Codice avviso", r.NoticeNumber);
        page.Field("Codice IUV", r.Iuv);
        page.Field("Causale", r.Description);
        page.Field("Importo", ItalianFormat.Euro(r.AmountCents));
        page.Field("Commissione", r.FeeCents is { } fee ? ItalianFormat.Euro(fee) : "non indicata");
        page.Field("PSP", $"{r.PspCompanyName} ({r.PspId})");
        page.Field("Data del pagamento", ItalianFormat.RomeTime(r.PaymentDateTime));
        page.Field("Canale", r.ChannelId);
        if (r.PaymentMethod is { } method) page.Field("Metodo di pagamento", method);
        page.Field("Identificativo ricevuta (IUR)", r.ReceiptId);
        if (r.StandIn) page.Field("Modalità", "pagamento raccolto dal Nodo in stand-in");
        page.Space(12);
        page.Line(Heading, "Versamenti", 18);
        page.TransferHeader();
        foreach (var t in r.Transfers) page.Transfer(t);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    // Draws top to bottom, starting a new page when the next block would not fit.
    private sealed class Writer(PdfDocument document)
    {
        private static readonly double[] Columns = [0, 22, 105, 255, 420];
        private XGraphics _gfx = null!;
        private double _y;
        private double _width;
        private double _bottom;

        private void EnsureRoom(double height)
        {
            if (_gfx is not null && _y + height <= _bottom) return;
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            _gfx?.Dispose();
            _gfx = XGraphics.FromPdfPage(page);
            _width = page.Width.Point - 2 * Margin;
            _bottom = page.Height.Point - Margin;
            _y = Margin;
        }

        public void Space(double height) => _y += height;

        public void Line(XFont font, string text, double height)
        {
            EnsureRoom(height);
            _gfx.DrawString(text, font, XBrushes.Black, Margin, _y + font.Size);
            _y += height;
        }

        // Label and value on one baseline; a long value wraps under itself.
        public void Field(string label, string value)
        {
            var lines = Wrap(value, Value, _width - LabelWidth);
            EnsureRoom(lines.Count * 14 + 4);
            _gfx.DrawString(label, Label, XBrushes.Black, Margin, _y + 10);
            foreach (var line in lines)
            {
                _gfx.DrawString(line, Value, XBrushes.Black, Margin + LabelWidth, _y + 10);
                _y += 14;
            }
            _y += 4;
        }

        public void TransferHeader()
        {
            EnsureRoom(14);
            string[] headers = ["N.", "Beneficiario", "IBAN", "Causale", "Importo"];
            for (var i = 0; i < headers.Length; i++) _gfx.DrawString(headers[i], SmallBold, XBrushes.Black, Margin + Columns[i], _y + 8);
            _y += 14;
        }

        public void Transfer(ReceiptTransfer t)
        {
            var remittance = Wrap(t.RemittanceInformation, Small, Columns[4] - Columns[3] - 6);
            EnsureRoom(remittance.Count * 11 + 4);
            _gfx.DrawString(t.IdTransfer.ToString(System.Globalization.CultureInfo.InvariantCulture), Small, XBrushes.Black, Margin + Columns[0], _y + 8);
            _gfx.DrawString(t.FiscalCodePA, Small, XBrushes.Black, Margin + Columns[1], _y + 8);
            _gfx.DrawString(t.IsStamp ? "marca da bollo digitale" : t.Iban ?? "", Small, XBrushes.Black, Margin + Columns[2], _y + 8);
            // Drawn in reading order (a text extractor reads the row left to right): remittance, then amount.
            for (var i = 0; i < remittance.Count; i++)
                _gfx.DrawString(remittance[i], Small, XBrushes.Black, Margin + Columns[3], _y + 8 + i * 11);
            _gfx.DrawString(ItalianFormat.Euro(t.AmountCents), Small, XBrushes.Black, Margin + Columns[4], _y + 8);
            _y += remittance.Count * 11;
            _y += 4;
        }

        private List<string> Wrap(string text, XFont font, double width)
        {
            EnsureRoom(0);
            var lines = new List<string>();
            var current = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (current.Length > 0 && _gfx.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(current);
                    current = word;
                }
                else current = candidate;
            }
            lines.Add(current);
            return lines;
        }
    }
}
