using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ServiceDefaults;

/// <summary>
/// The one Polly pipeline for outgoing HTTP: a total timeout, retries with exponential backoff and
/// jitter on transient failures (network errors, 408, 429, 5xx), and a per-attempt timeout.
/// </summary>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(
            async (state, ct) => await state.Handler.BaseSendAsync(state.Request, ct),
            (Handler: this, Request: request),
            cancellationToken);

    private Task<HttpResponseMessage> BaseSendAsync(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(TimeSpan.FromSeconds(30))
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                        || (int)r.StatusCode >= 500),
            })
            .AddTimeout(TimeSpan.FromSeconds(5))
            .Build();
}

public static class HttpClientExtensions
{
    internal static IServiceCollection AddResilientHttpDefaults(this IServiceCollection services) =>
        services.AddSingleton(sp => ResilienceHandler.CreatePipeline(sp.GetRequiredService<TimeProvider>()));

    /// <summary>A typed HttpClient whose every call goes through the shared resilience pipeline.</summary>
    public static IHttpClientBuilder AddResilientHttpClient<TClient>(this IServiceCollection services, Action<IServiceProvider, HttpClient> configure)
        where TClient : class =>
        services.AddHttpClient<TClient>(configure)
            .AddHttpMessageHandler(sp => new ResilienceHandler(sp.GetRequiredService<ResiliencePipeline<HttpResponseMessage>>()));
}
