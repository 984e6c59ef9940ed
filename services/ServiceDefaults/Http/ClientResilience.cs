using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace ServiceDefaults.Http;

public static class ClientResilience
{
    /// <summary>Where one client's resilience settings are overridden: `Http:Resilience:&lt;client&gt;`, bound onto <see cref="HttpStandardResilienceOptions"/>.</summary>
    public const string Section = "Http:Resilience";

    /// <summary>
    /// The standard resilience handler (total timeout, retries with backoff and jitter on transient failures,
    /// circuit breaker, per-attempt timeout) with the client's own defaults, overridable per client from
    /// configuration, e.g. `Http__Resilience__IuvIssuance__AttemptTimeout__Timeout=00:00:10`.
    /// </summary>
    public static IHttpClientBuilder AddStandardResilience(this IHttpClientBuilder client, IConfiguration configuration,
        string name, Action<HttpStandardResilienceOptions> defaults)
    {
        var pipeline = client.AddStandardResilienceHandler(defaults);
        var overrides = configuration.GetSection($"{Section}:{name}");
        if (overrides.Exists()) pipeline.Configure(overrides);
        return client;
    }
}
