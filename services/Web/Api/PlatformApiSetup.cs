using Microsoft.Extensions.Http.Resilience;
using Refit;
using ServiceDefaults.Http;

namespace Web.Api;

internal static class PlatformApiSetup
{
    public static WebApplicationBuilder AddPlatformApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebSettings>(builder.Configuration.GetSection(WebSettings.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiTokens>();
        builder.Services.AddTransient<CallerToken>();
        builder.Services.AddMemoryCache();
        // Scoped: it holds the API client; what it shares lives in the (singleton) memory cache.
        builder.Services.AddScoped<Web.Pages.Backoffice.HomeFigures>();
        var gateway = builder.Configuration.GetValue<Uri>("Web:GatewayUrl") ?? new Uri("http://127.0.0.1:5080/");
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(ApiResults.Json)) { UrlParameterFormatter = new GatewayUrlFormatter() };

        builder.Services.AddRefitGeneratedClient<IPlatformApi>(settings)
            .ConfigureHttpClient(http => http.BaseAddress = gateway)
            .AddHttpMessageHandler<CallerToken>()
            .AddStandardResilience(builder.Configuration, "Gateway", o =>
            {
                // Only reads are retried: the POSTs and PUTs create or change positions, webhooks and templates, and
                // one repeated after a lost answer could do it twice. A page waits for these calls, so an attempt is short.
                o.Retry.DisableForUnsafeHttpMethods();
                o.Retry.Delay = TimeSpan.FromMilliseconds(200);
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(1);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(1);
            });

        builder.Services.AddRefitGeneratedClient<IImportUploadApi>(settings)
            .ConfigureHttpClient(http =>
            {
                http.BaseAddress = gateway;
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler's total timeout is the limit
            })
            .AddHttpMessageHandler<CallerToken>()
            .AddStandardResilience(builder.Configuration, "GatewayUpload", o =>
            {
                // An upload creates an import: never retried (the body is a stream read once, too). A large file
                // takes minutes to send, so its one attempt gets them.
                o.Retry.DisableForUnsafeHttpMethods();
                o.AttemptTimeout.Timeout = TimeSpan.FromMinutes(5);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(5);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(10);
            });
        return builder;
    }
}
