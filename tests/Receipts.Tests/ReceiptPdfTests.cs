using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Testing;
using Xunit;

namespace Receipts.Tests;

public sealed partial class ReceiptPdfTests(ReceiptsApp app) : IClassFixture<ReceiptsApp>
{
    [Fact]
    public async Task The_receipt_pdf_shows_every_field_of_the_archived_receipt_with_its_Italian_label()
    {
        await using var bus = await SampleReceipts.BusAsync(app);
        var client = app.CreateClient();
        var receipt = SampleReceipts.Receipt("12121212121", "rcpt-pdf-1", "01000000000001212") with
        {
            Description = "Tassa sui rifiuti 2026, prima rata dell'utenza domestica di via Roma 1, Comune di Test, avviso emesso il 1 novembre",
        };
        await bus.PublishAsync(receipt);
        var url = "/api/receipts/organizations/12121212121/receipts/rcpt-pdf-1/pdf";
        await Eventually.AnswersAsync(() => client.GetAsync(url), TimeSpan.FromSeconds(20), "receipt archived");

        var response = await client.GetAsync(url);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = Normalise(await PdfTextAsync(await response.Content.ReadAsByteArrayAsync()));

        // Each value next to its label, as the archived receipt has it (times in Rome: 10:15:30 at +01:00).
        string[] expected =
        [
            "Ricevuta di pagamento",
            "Ente creditore Comune di Test (C.F. 12121212121)",
            "Debitore Mario Rossi (C.F. RSSMRA80A01H501U)",
            "Pagatore C.F. VRDLGU75B02F205X",
            "Codice avviso 301000000000001212",
            "Codice IUV 01000000000001212",
            "Causale " + Normalise(receipt.Description),
            "Importo 120,50 €",
            "Commissione 1,50 €",
            "PSP PSP Test S.p.A. (PSPTEST01)",
            "Data del pagamento 20/11/2026 10:15:30",
            "Canale PSPTEST01_01",
            "Metodo di pagamento PO",
            "Identificativo ricevuta (IUR) rcpt-pdf-1",
            "1 12121212121 IT60X0542811101000000123456 TARI quota comunale 100,00 €",
            "2 80000000001 IT02A0301503200000003517230 TEFA quota provinciale 20,50 €",
        ];
        var missing = expected.Where(e => !text.Contains(e, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"missing from the PDF text: {string.Join(" | ", missing)}\n--- text ---\n{text}");
        Assert.DoesNotContain("stand-in", text, StringComparison.Ordinal);

        var unknown = await client.GetAsync("/api/receipts/organizations/12121212121/receipts/nope/pdf");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // pdftotext (poppler-utils) in content-stream order: each label is drawn just before its value.
    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"receipt-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
