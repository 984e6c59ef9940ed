using ServiceDefaults.Time;
using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Web.Localization;

// Italian by default, English on request (a cookie set by the language switch). Texts are written in Italian in the
// pages; Resources/SharedResource.en.resx holds their English (IStringLocalizer falls back to the key).
internal static class WebLocalization
{
    public static readonly CultureInfo Italian = new("it");
    public static readonly CultureInfo English = new("en");

    public static WebApplicationBuilder AddWebLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Italian);
            o.SupportedCultures = [Italian, English];
            o.SupportedUICultures = [Italian, English];
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return builder;
    }

    public static WebApplication UseWebLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    public static bool IsEnglish => CultureInfo.CurrentUICulture.Name == English.Name;

    public static string CookieValue(string culture) => CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));
}

// Money and dates as each language writes them (the process runs with invariant globalization data).
internal static class Formats
{
    public static string Euro(long cents)
    {
        var text = (cents / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
        return WebLocalization.IsEnglish ? "€" + text : "€ " + text.Replace(",", "_", StringComparison.Ordinal).Replace('.', ',').Replace('_', '.');
    }

    public static string Date(DateTimeOffset instant) => Day(RomeCalendar.WallClockOf(instant));

    public static string DateTime(DateTimeOffset instant)
    {
        var local = RomeCalendar.WallClockOf(instant);
        return $"{Day(local)} {local:HH:mm}";
    }

    private static string Day(System.DateTime local) =>
        WebLocalization.IsEnglish ? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : local.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
