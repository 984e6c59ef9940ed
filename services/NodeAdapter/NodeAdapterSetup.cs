using NodeAdapter.Station;
using Npgsql;
using NodeAdapter.Flows;
using NodeAdapter.Notices;
using NodeAdapter.Receipts;
using NodeAdapter.Soap;
using Refit;
using ServiceDefaults;
using ServiceDefaults.Http;

namespace NodeAdapter;

internal static class NodeAdapterSetup
{
    // The paForNode station: registry, schemas, parsing, the operations and their read model.
    public static WebApplicationBuilder AddStation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StationOptions>().BindConfiguration(StationOptions.Section)
            .Validate(o => o.BrokerId.Length > 0 && o.StationId.Length > 0 && o.Organizations.Count > 0,
                "Station__BrokerId, Station__StationId and at least one Station__Organizations__N are required")
            .Validate(o => o.SpontaneousServices.Values.All(SpontaneousServices.KnownSchemas.Contains),
                "Station__SpontaneousServices__<idServizio> must name a shipped schema: " + string.Join(", ", SpontaneousServices.KnownSchemas))
            .ValidateOnStart();
        builder.Services.AddSingleton<SoapSchemas>();
        builder.Services.AddSingleton<SoapRequestReader>();
        builder.Services.AddSingleton<StationMetrics>();
        builder.Services.AddSingleton<NoticeLookup>();
        builder.Services.AddSingleton<SendReceiptHistory>();
        builder.AddNoticeCache();
        builder.Services.AddSingleton<PayableNotices>();
        builder.Services.AddSingleton<VerifyPaymentNotice>();
        builder.Services.AddSingleton<GetPayment>();
        builder.Services.AddScoped<SendReceipt>();
        builder.Services.AddSingleton<SpontaneousServices>();
        builder.Services.AddScoped<DemandPaymentNotice>();
        return builder;
    }

    // The read model in memory for verify/get payment, forgotten on every change PostgreSQL notifies (ADR 0013). With
    // NoticeCache__Enabled=false the cache stays bypassed and nothing listens.
    private static void AddNoticeCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NoticeCacheOptions>().BindConfiguration(NoticeCacheOptions.Section)
            .Validate(o => o.TimeToLive > TimeSpan.Zero && o.ProbeInterval > TimeSpan.Zero && o.MaxEntries > 0,
                "NoticeCache__TimeToLive, NoticeCache__ProbeInterval and NoticeCache__MaxEntries must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<NoticeCache>();
        if (builder.Configuration.GetValue($"{NoticeCacheOptions.Section}:Enabled", true))
            builder.Services.AddHostedService<NoticeChangeListener>();
    }

    // The reporting-flow poller, when Fdr__BaseUrl (REST) or Fdr__Soap__Url (legacy SOAP) is configured.
    public static WebApplicationBuilder AddFlowPoller(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FdrOptions>().BindConfiguration(FdrOptions.Section);
        var baseUrl = builder.Configuration[$"{FdrOptions.Section}:BaseUrl"];
        var soapUrl = builder.Configuration[$"{FdrOptions.Section}:Soap:Url"];
        if (string.IsNullOrWhiteSpace(baseUrl) && string.IsNullOrWhiteSpace(soapUrl)) return builder;
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            builder.Services.AddRefitGeneratedClient<IFdrApi>(FdrClient.Settings)
                .ConfigureHttpClient(http => http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"))
                .AddStandardResilience(builder.Configuration, "Fdr", o =>
                {
                    // A page holds up to a thousand payments: an attempt gets more time than a small call's.
                    o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(20);
                    o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(1);
                    o.Retry.Delay = TimeSpan.FromMilliseconds(500);
                    o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(1);
                });
            builder.Services.AddScoped<FdrClient>();
            builder.Services.AddScoped<FlowDownloader>();
        }
        if (!string.IsNullOrWhiteSpace(soapUrl))
        {
            // SOAP with a SOAPAction per operation: a plain typed HttpClient (Refit is for REST).
            builder.Services.AddHttpClient<NodoClient>()
                .AddStandardResilience(builder.Configuration, "NodoForPa", o =>
                {
                    o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(20);
                    o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(1);
                    o.Retry.Delay = TimeSpan.FromMilliseconds(500);
                    o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(1);
                });
            builder.Services.AddScoped<LegacyFlowDownloader>();
        }
        builder.Services.AddScoped<FlowStore>();
        builder.Services.AddHostedService<FlowPoller>();
        return builder;
    }
}
