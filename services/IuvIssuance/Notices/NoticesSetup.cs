using IuvIssuance.Notices.Batches;

namespace IuvIssuance.Notices;

internal sealed class NoticesOptions
{
    // Where Debian's fonts-dejavu-core puts DejaVuSans.ttf and DejaVuSans-Bold.ttf.
    public string FontDirectory { get; set; } = "/usr/share/fonts/truetype/dejavu";
    // Positions per PDF file of a batch zip: bounds the renderer's memory (PDFsharp holds a document whole).
    public int PositionsPerPart { get; set; } = 250;
}

internal static class NoticesSetup
{
    // Notice rendering (PDFsharp set up once), the batch store and the batch job.
    public static WebApplicationBuilder AddNotices(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Notices");
        builder.Services.Configure<NoticesOptions>(section);
        PdfSetup.EnsureInitialised(section.Get<NoticesOptions>()?.FontDirectory ?? new NoticesOptions().FontDirectory);
        builder.Services.AddSingleton<NoticeMetrics>();
        builder.Services.AddSingleton<NoticeBatchStore>();
        builder.Services.AddScoped<NoticeBatchRenderer>();
        builder.Services.AddHostedService<NoticeBatchJob>();
        return builder;
    }
}
