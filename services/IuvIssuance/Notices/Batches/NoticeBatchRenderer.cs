using System.Globalization;
using System.IO.Compression;
using Contracts.Actualisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IuvIssuance.Notices.Batches;

// Renders a batch into a zip of multi-page PDFs ("avvisi-0001.pdf", … of at most PositionsPerPart positions each)
// plus "manifest.csv" (which position is on which pages, or why it was skipped). Memory stays bounded by one part:
// the zip and the manifest go to temporary files that are deleted on close, then the zip is stored in the database in
// chunks.
internal sealed class NoticeBatchRenderer(
    IuvDb db, NoticeBatchStore store, NoticeMetrics metrics, IOptions<NoticesOptions> options, TimeProvider time)
{
    // Positions loaded per query; also how often progress is written (the ETA follows it).
    private const int ItemPage = 50;

    public async Task RunAsync(NoticeBatch batch, CancellationToken ct)
    {
        var template = await db.NoticeTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.OrganizationFiscalCode == batch.OrganizationFiscalCode, ct)
                       ?? NoticeTemplate.Default(batch.OrganizationFiscalCode);
        await using var zipFile = TempFile();
        await using var manifestFile = TempFile();
        var progress = new Progress();
        await using (var manifest = new StreamWriter(manifestFile, leaveOpen: true))
        using (var zip = new ZipArchive(zipFile, ZipArchiveMode.Create, leaveOpen: true))
        {
            await manifest.WriteLineAsync("iupd,status,part,first_page,pages,navs");
            var afterSeq = 0;
            for (var part = 1; ; part++)
            {
                var wrote = await RenderPartAsync(batch, template, zip, manifest, progress, part, afterSeq, ct);
                if (wrote.Items == 0) break;
                afterSeq = wrote.LastSeq;
                await store.ProgressAsync(batch.Id, progress.Rendered, progress.Skipped, progress.Pages, ct);
            }
            await manifest.FlushAsync(ct);
            manifestFile.Position = 0;
            await using var entry = await zip.CreateEntry("manifest.csv", CompressionLevel.Fastest).OpenAsync(ct);
            await manifestFile.CopyToAsync(entry, ct);
        }
        zipFile.Position = 0;
        await store.CompleteAsync(batch.Id, zipFile, time.GetUtcNow(), ct);
    }

    private async Task<(int Items, int LastSeq)> RenderPartAsync(NoticeBatch batch, NoticeTemplate template, ZipArchive zip,
        StreamWriter manifest, Progress progress, int part, int afterSeq, CancellationToken ct)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"avvisi-{part:0000}.pdf");
        using var pdf = new NoticePdf(template, $"Avvisi di pagamento {batch.OrganizationFiscalCode} ({part})");
        var (items, lastSeq) = (0, afterSeq);
        while (items < options.Value.PositionsPerPart)
        {
            var slice = await store.ItemsAsync(batch.Id, lastSeq, Math.Min(ItemPage, options.Value.PositionsPerPart - items), ct);
            if (slice.Count == 0) break;
            var iupds = slice.Select(i => i.Iupd).ToList();
            var positions = await db.NoticePositions.AsNoTracking()
                .Where(p => p.OrganizationFiscalCode == batch.OrganizationFiscalCode && iupds.Contains(p.Iupd))
                .ToDictionaryAsync(p => p.Iupd, p => p.Snapshot, StringComparer.Ordinal, ct);
            var schedules = await NoticeSchedule.ForPositionsAsync(db, batch.OrganizationFiscalCode, iupds, ct);
            foreach (var (_, iupd) in slice)
                await manifest.WriteLineAsync(RenderOne(pdf, template, schedules, iupd, positions.GetValueOrDefault(iupd), name, progress));
            (items, lastSeq) = (items + slice.Count, slice[^1].Seq);
            await store.ProgressAsync(batch.Id, progress.Rendered, progress.Skipped, progress.Pages, ct);
        }
        var pages = pdf.PageCount; // a saved PDFsharp document refuses every further access
        if (pages > 0)
        {
            await using var entry = await zip.CreateEntry(name, CompressionLevel.NoCompression).OpenAsync(ct);
            pdf.Save(entry); // PDFsharp writes synchronously; the entry stream buffers to the temp file.
            metrics.PagesRendered(pages, "batch");
        }
        return (items, lastSeq);
    }

    private static string RenderOne(NoticePdf pdf, NoticeTemplate template, IReadOnlyDictionary<string, IReadOnlyList<AmountStep>> schedules,
        string iupd, string? json, string part, Progress progress)
    {
        if (json is null) return Skip(iupd, "removed", progress);
        var snapshot = NoticePosition.Read(json);
        if (NoticePages.Check(snapshot) is { } refusal) return Skip(iupd, refusal.Status, progress);
        var pages = NoticePages.Build(snapshot, template, schedules);
        if (pages.Count == 0) return Skip(iupd, "no-unpaid-notice", progress);
        var first = pdf.PageCount + 1;
        pdf.Add(pages);
        progress.Rendered++;
        progress.Pages += pages.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Csv(iupd)},rendered,{part},{first},{pages.Count},{string.Join(' ', pages.Select(p => p.Nav))}");
    }

    private static string Skip(string iupd, string why, Progress progress)
    {
        progress.Skipped++;
        return $"{Csv(iupd)},skipped:{why},,,,";
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static FileStream TempFile() => new(Path.Combine(Path.GetTempPath(), $"notice-batch-{Guid.NewGuid():N}.tmp"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private sealed class Progress
    {
        public int Rendered { get; set; }
        public int Skipped { get; set; }
        public int Pages { get; set; }
    }
}
