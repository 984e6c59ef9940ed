using Refit;
using ServiceDefaults.Http;
using ServiceDefaults.Security;

namespace DebtPositions.Coercive;

internal static class CoerciveSetup
{
    public const string ActualisationUrlKey = "Actualisation:BaseUrl";

    // Re-issue and its bulk job. Actualisation (Actualisation__BaseUrl) computes the COERCIVE amounts; without it the
    // re-issue endpoints answer 503 and everything else in DebtPositions works as before.
    public static WebApplicationBuilder AddCoerciveCollection(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[ActualisationUrlKey] is { Length: > 0 } baseUrl)
            builder.Services.AddRefitGeneratedClient<IActualisationApi>()
                .ConfigureHttpClient(http => http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"))
                // The quote is pure: retrying it is always safe.
                .AddStandardResilience(builder.Configuration, "Actualisation", o =>
                {
                    o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                    o.Retry.Delay = TimeSpan.FromMilliseconds(200);
                })
                .WithServiceIdentity("debt-positions");
        builder.Services.AddScoped<CoerciveQuotes>();
        builder.Services.AddScoped<Reissuer>();
        builder.Services.AddScoped<SuccessorSettlement>();
        builder.Services.AddScoped<ReissueRun>();
        builder.Services.AddHostedService<ReissueJobRunner>();
        return builder;
    }
}
