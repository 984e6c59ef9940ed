using PdfSharp.Drawing;
using static IuvIssuance.Notices.NoticeLayout;

namespace IuvIssuance.Notices;

// The "Dove pagare?" column, the bank section with the QR code and the Poste section with the DataMatrix.
internal static class NoticeSections
{
    private const double QrSide = 132;
    // Poste asks for the authorisation in black at 70% density.
    private static readonly XBrush AuthorisationInk = new XSolidBrush(XColor.FromArgb(0x4D, 0x4D, 0x4D));

    public static void WhereToPay(XGraphics gfx, NoticePage p, XRect area)
    {
        var (x, y, w) = (area.X, area.Y, area.Width);
        Line(gfx, "DOVE PAGARE?", Bold(11), BlueBrush, x, y);
        Line(gfx, "Lista dei canali di pagamento su www.pagopa.gov.it", Regular(7.5), Grey, x, y + 17);
        y += 34;
        Line(gfx, "PAGA SUL SITO O CON LE APP", Bold(8.5), Ink, x, y);
        y += 12 + Wrap(gfx, "del tuo Ente Creditore, della tua Banca o degli altri canali di pagamento. " +
            "Potrai pagare con carte, conto corrente, CBILL.", Regular(7.5), Ink, new XRect(x, y + 12, w, 40));
        y += 8;
        Line(gfx, "PAGA SUL TERRITORIO", Bold(8.5), Ink, x, y);
        y += 12 + Wrap(gfx, "in Banca, in Ricevitoria, dal Tabaccaio, al Bancomat, al Supermercato. " +
            "Potrai pagare in contanti, con carte o conto corrente.", Regular(7.5), Ink, new XRect(x, y + 12, w, 40));
        if (p.WhereToPay is not null) Wrap(gfx, p.WhereToPay, Regular(7.5), Ink, new XRect(x, y + 8, w, area.Bottom - y - 8));
    }

    public static void BankSection(XGraphics gfx, NoticePage p, double y)
    {
        gfx.DrawRectangle(BlueBrush, Margin, y, ContentWidth, 20);
        Line(gfx, "BANCHE E ALTRI CANALI", Bold(10), XBrushes.White, Margin + 10, y + 4);
        LineRight(gfx, (p.InstalmentLabel ?? "Rata unica").ToUpperInvariant(), Bold(9), XBrushes.White, PageWidth - Margin - 10, y + 5);
        y += 30;
        QrSymbol.Draw(gfx, p.QrPayload, new XRect(Margin, y, QrSide, QrSide));
        var x = Margin + QrSide + 16;
        var w = PageWidth - Margin - x;
        Wrap(gfx, "Qui accanto trovi il codice QR e il codice interbancario CBILL per pagare attraverso il circuito " +
            "bancario e gli altri canali di pagamento abilitati.", Regular(7.5), Grey, new XRect(x, y + 4, w, 24));
        y += 34;
        Field(gfx, "Destinatario", p.DebtorName, x, y, w * 0.62);
        Field(gfx, "Euro", p.Amount, x + w * 0.66, y, w * 0.34);
        Field(gfx, "Ente Creditore", p.CompanyName, x, y + 28, w);
        Field(gfx, "Oggetto del pagamento", p.Subject, x, y + 56, w);
        y += 92;
        if (p.CbillCode is not null) Field(gfx, "Codice CBILL", p.CbillCode, x, y, w * 0.2);
        var codeX = p.CbillCode is null ? x : x + w * 0.22;
        Field(gfx, "Codice Avviso", p.NavGrouped, codeX, y, w * 0.45, Bold(11));
        Field(gfx, "Cod. Fiscale Ente Creditore", p.OrganizationFiscalCode, codeX + w * 0.47, y, w * 0.31, Bold(11));
    }

    // Poste Italiane's bollettino, under the bank section (docs/pagopa-notice.md, "Bollettino Postale PA").
    public static void PostalSection(XGraphics gfx, NoticePage p, PostalSlip slip, double y)
    {
        gfx.DrawRectangle(BlueBrush, Margin, y, ContentWidth, 16);
        Line(gfx, "BOLLETTINO POSTALE PA", Bold(9.5), XBrushes.White, Margin + 10, y + 3);
        LineRight(gfx, (p.InstalmentLabel ?? "Rata unica").ToUpperInvariant(), Bold(8.5), XBrushes.White, PageWidth - Margin - 10, y + 3);
        Wrap(gfx, "Bollettino Postale pagabile in tutti gli Uffici Postali e sui canali fisici o digitali abilitati di Poste Italiane " +
            "e dell'Ente Creditore", Regular(7), Grey, new XRect(Margin, y + 20, ContentWidth, 9));
        y += 36;
        DataMatrixSymbol.Draw(gfx, slip.DataMatrix, new XPoint(Margin, y));
        var x = Margin + DataMatrixSymbol.Side + 16;
        var w = PageWidth - Margin - x;
        Field(gfx, "sul C/C n.", slip.AccountNumber, x, y, w * 0.28, Bold(11));
        Field(gfx, "Euro", p.Amount, x + w * 0.3, y, w * 0.22, Bold(11));
        Field(gfx, "intestato a", slip.AccountHolder, x + w * 0.54, y, w * 0.46, Bold(8), lines: 2);
        Field(gfx, "Destinatario", p.DebtorName, x, y + 30, w * 0.52, Bold(9));
        Field(gfx, "Oggetto del pagamento", p.Subject, x + w * 0.54, y + 30, w * 0.46, Bold(8), lines: 2);
        Field(gfx, "Codice Avviso", p.NavGrouped, x, y + 60, w * 0.36, Bold(11));
        Field(gfx, "Cod. Fiscale Ente Creditore", p.OrganizationFiscalCode, x + w * 0.38, y + 60, w * 0.3, Bold(11));
        if (slip.Authorisation is not null)
            Wrap(gfx, slip.Authorisation, Regular(6.5), AuthorisationInk, new XRect(x + w * 0.7, y + 62, w * 0.3, 22));
    }

    private static void Field(XGraphics gfx, string label, string value, double x, double y, double width, XFont? font = null, int? lines = null)
    {
        Line(gfx, label, Regular(7), Grey, x, y);
        var valueFont = font ?? Bold(9);
        Wrap(gfx, value, valueFont, Ink, new XRect(x, y + 10, width, valueFont.GetHeight() * (lines ?? (font is null ? 2 : 1))));
    }
}
