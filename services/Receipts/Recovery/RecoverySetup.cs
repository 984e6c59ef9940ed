using Microsoft.Extensions.Options;
using Refit;

namespace Receipts.Recovery;

internal static class RecoverySetup
{
    // Recoveries are always recorded and shown; the job that fetches them runs only with ReceiptRecovery__BaseUrl.
    public static WebApplicationBuilder AddReceiptRecovery(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReceiptRecoveryOptions>().BindConfiguration(ReceiptRecoveryOptions.Section)
            .Validate(o => o.MaxCallsPerWindow > 0 && o.MaxAttempts > 0 && o.Window > TimeSpan.Zero && o.Interval > TimeSpan.Zero
                           && o.RetrySlot > TimeSpan.Zero && o.RequestTimeout > TimeSpan.Zero,
                "ReceiptRecovery__MaxCallsPerWindow, MaxAttempts, Window, Interval, RetrySlot and RequestTimeout must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<RecoveryMetrics>();
        var baseUrl = builder.Configuration[$"{ReceiptRecoveryOptions.Section}:BaseUrl"];
        if (string.IsNullOrWhiteSpace(baseUrl)) return builder;
        // Deliberately not the shared resilience handler: a retry would spend pagoPA's call quota within seconds.
        builder.Services.AddRefitGeneratedClient<IBizEventsApi>().ConfigureHttpClient((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<ReceiptRecoveryOptions>>().Value;
            http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/");
            http.Timeout = options.RequestTimeout;
            if (options.SubscriptionKey is { Length: > 0 } key) http.DefaultRequestHeaders.Add(BizEventsClient.SubscriptionKeyHeader, key);
        });
        builder.Services.AddTransient<BizEventsClient>();
        builder.Services.AddHostedService<ReceiptRecoveryJob>();
        return builder;
    }
}
