using IuvIssuance.Notices.Batches;

namespace IuvIssuance.Notices;

internal sealed class NoticesOptions
{
    /// <summary>Where Debian's fonts-dejavu-core puts DejaVuSans.ttf and DejaVuSans-Bold.ttf.</summary>
    public string FontDirectory { get; set; } = "/usr/share/fonts/truetype/dejavu";
    /// <summary>Positions per PDF file of a batch zip: bounds the renderer's memory (PDFsharp holds a document whole).</summary>
    public int PositionsPerPart { get; set; } = 250;
}

internal static class NoticesSetup
{
    /// <summary>Notice rendering (PDFsharp set up once), the batch store and the batch job.</summary>
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
