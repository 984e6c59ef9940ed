using Microsoft.AspNetCore.Authorization;
using Npgsql;
using ServiceDefaults.Persistence;
using ServiceDefaults.Security;

namespace Gateway.Access;

// Who may come in: municipal systems with an API key or an OAuth2 token on `/api` (policy CallerPolicy), the pagoPA
// Node on the station (policy PolicyName), anyone on health. Each route of the route table names its policy; a route
// that names none falls under the fallback, which requires a REST caller acting for the organisation in its path.
internal static class GatewayAccess
{
    public const string CallerPolicy = "caller";
    public const string CallerScheme = "Caller";

    public static WebApplicationBuilder AddGatewayAccess(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetPaymentsConnectionString();
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddHostedService<ApiKeyRefresh>();
        builder.Services.AddSingleton<ForwardedIdentity>();

        var external = ExternalTokens.IsConfigured(builder.Configuration);
        var authentication = builder.Services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "API key or OAuth2 token", o => o.ForwardDefaultSelector = http =>
                external && http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ExternalTokens.Scheme : ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        if (external) authentication.AddJwtBearer(ExternalTokens.Scheme, o => ExternalTokens.Configure(o, builder.Configuration));

        var scoped = new AuthorizationPolicyBuilder(CallerScheme).RequireAuthenticatedUser().AddRequirements(new OrganizationScope()).Build();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(scoped)
            // The services check the organisation and the role against their own routes; the gateway checks the credential.
            .AddPolicy(CallerPolicy, p => p.AddAuthenticationSchemes(CallerScheme).RequireAuthenticatedUser().RequireClaim(Caller.RoleClaim, "read", "write", "admin"));
        builder.AddStationAccess();
        return builder;
    }

    // `migrate` and `keys …` run and exit; anything else starts the gateway.
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length == 0) return false;
        if (args[0] == "migrate")
        {
            var applied = await SqlMigrator.MigrateAsync(app.Configuration.GetPaymentsConnectionString(), "gateway", typeof(GatewayAccess).Assembly, CancellationToken.None);
            Console.WriteLine($"Gateway: schema gateway up to date ({applied} migration(s) applied)");
            return true;
        }
        if (args[0] == "keys")
        {
            Environment.ExitCode = await KeysCommand.RunAsync(app.Services, args[1..], Console.Out, Console.Error);
            return true;
        }
        return false;
    }
}
