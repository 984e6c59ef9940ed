using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using static IuvIssuance.Notices.NoticeLayout;

namespace IuvIssuance.Notices;

// Draws notice pages after pagoPA's standard payment notice (avviso di pagamento, docs/pagopa-notice.md): title and
// subject, creditor and debtor, "Quanto e quando pagare?", "Dove pagare?", the bank section with the QR code, the notice
// number and the EC fiscal code, and, when the money goes to a postal account, Poste's bollettino with its DataMatrix.
// The pagoPA and Poste brand marks are not reproduced: they are not ours to print.
internal static class NoticeRenderer
{
    private const string AmountDisclaimer =
        "L'importo è aggiornato automaticamente dal sistema e potrebbe subire variazioni per eventuali sgravi, " +
        "note di credito, indennità di mora, sanzioni o interessi. Un operatore, il sito o l'app che userai " +
        "potrebbero quindi chiederti una cifra diversa da quella qui indicata.";

    public static void Render(PdfDocument document, IReadOnlyList<NoticePage> pages, XImage? logo)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            using var gfx = XGraphics.FromPdfPage(page);
            DrawPage(gfx, pages[i], logo, i + 1, pages.Count);
        }
    }

    private static void DrawPage(XGraphics gfx, NoticePage p, XImage? logo, int number, int count)
    {
        Header(gfx, p, logo);
        Parties(gfx, p, 128);
        AmountAndChannels(gfx, p, 236);
        NoticeSections.BankSection(gfx, p, 446);
        if (p.Postal is { } slip) NoticeSections.PostalSection(gfx, p, slip, 638);
        Footer(gfx, p, number, count);
    }

    private static void Header(XGraphics gfx, NoticePage p, XImage? logo)
    {
        Line(gfx, "AVVISO DI PAGAMENTO", Bold(20), BlueBrush, Margin, Margin);
        Wrap(gfx, p.Subject, Bold(11), Ink, new XRect(Margin, Margin + 30, 350, 46));
        if (logo is not null) ImageRight(gfx, logo, new XRect(PageWidth - Margin - 150, Margin, 150, 64));
        gfx.DrawLine(Rule, Margin, 118, PageWidth - Margin, 118);
    }

    private static void Parties(XGraphics gfx, NoticePage p, double y)
    {
        var column = ContentWidth / 2 - 8;
        Party(gfx, "ENTE CREDITORE", p.OrganizationFiscalCode, p.CompanyName,
            string.Join("\n", new[] { p.Sector, p.Office }.Where(s => !string.IsNullOrEmpty(s))), new XRect(Margin, y, column, 96));
        Party(gfx, "DESTINATARIO AVVISO", p.DebtorFiscalCode, p.DebtorName, p.DebtorAddress ?? "",
            new XRect(Margin + ContentWidth / 2 + 8, y, column, 96));
    }

    private static void Party(XGraphics gfx, string label, string fiscalCode, string name, string details, XRect area)
    {
        Line(gfx, label, Bold(8), BlueBrush, area.X, area.Y);
        LineRight(gfx, "Cod. Fiscale " + fiscalCode, Regular(8), Grey, area.Right, area.Y);
        var used = Wrap(gfx, name, Bold(12), Ink, new XRect(area.X, area.Y + 16, area.Width, 32));
        if (details.Length > 0) Wrap(gfx, details, Regular(9), Ink, new XRect(area.X, area.Y + 20 + used, area.Width, area.Height - 20 - used));
    }

    private static void AmountAndChannels(XGraphics gfx, NoticePage p, double y)
    {
        gfx.DrawRectangle(BandBrush, Margin, y, ContentWidth, 190);
        var x = Margin + 12;
        Line(gfx, "QUANTO E QUANDO PAGARE?", Bold(11), BlueBrush, x, y + 12);
        Line(gfx, p.InstalmentLabel ?? "Rata unica", Bold(9), Grey, x, y + 32);
        Line(gfx, p.Amount, Bold(22), Ink, x, y + 46);
        Line(gfx, "entro il " + p.DueDate, Regular(11), Ink, x, y + 76);
        var bottom = y + 186;
        var next = y + 98;
        if (p.AmountSteps.Count > 0)
        {
            var steps = "L'importo dipende dalla data di pagamento:\n" + string.Join("\n", p.AmountSteps);
            next += 6 + Wrap(gfx, steps, Bold(7.5), Ink, new XRect(x, next, 240, bottom - next));
        }
        next += 6 + Wrap(gfx, AmountDisclaimer, Regular(7), Grey, new XRect(x, next, 230, Math.Max(0, bottom - next)));
        if (p.PlanSummary is not null) Wrap(gfx, p.PlanSummary, Bold(8), Ink, new XRect(x, next, 230, Math.Max(0, bottom - next)));
        NoticeSections.WhereToPay(gfx, p, new XRect(Margin + ContentWidth / 2 + 8, y + 12, ContentWidth / 2 - 20, 170));
    }

    private static void Footer(XGraphics gfx, NoticePage p, int number, int count)
    {
        var y = PageHeight - Margin - 36;
        gfx.DrawLine(Rule, Margin, y - 6, PageWidth - Margin, y - 6);
        if (p.Contacts is not null) Wrap(gfx, p.Contacts, Regular(7.5), Grey, new XRect(Margin, y, ContentWidth - 90, 36));
        LineRight(gfx, $"Pagina {number} di {count}", Regular(7.5), Grey, PageWidth - Margin, y);
    }
}
