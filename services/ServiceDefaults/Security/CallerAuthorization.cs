using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Security;

/// <summary>
/// Every service accepts only the gateway's internal token and applies <see cref="OrganizationScope"/>
/// to every endpoint as the fallback policy; health, metrics and OpenAPI stay open on the service's own
/// port (probes and Prometheus reach it there; the gateway does not expose them).
/// </summary>
public static class CallerAuthorization
{
    public const string InternalScheme = "Internal";

    public static WebApplicationBuilder AddCallerAuthorization(this WebApplicationBuilder builder)
    {
        var key = InternalTokens.SigningKey(builder.Configuration);
        builder.Services.AddSingleton<RememberedTokens>();
        builder.Services.AddAuthentication(InternalScheme)
            .AddJwtBearer(InternalScheme, _ => { });
        builder.Services.SkipKeyRingAtStart();
        builder.Services.AddOptions<JwtBearerOptions>(InternalScheme).Configure<RememberedTokens>((o, remembered) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = InternalTokens.ValidationParameters(key);
            o.TokenHandlers.Clear();
            o.TokenHandlers.Add(remembered);
        });
        builder.Services.AddSingleton<IAuthorizationHandler, OrganizationScopeHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResults>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(InternalScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new OrganizationScope())
                .Build());
        return builder;
    }
}

internal static class KeyRingAtStart
{
    /// <summary>
    /// AddAuthentication brings ASP.NET Core's data protection, whose hosted service reads (or makes and writes to disk) the
    /// key ring at start-up, with its XML stack. Its keys protect cookies and antiforgery tokens, which no service issues
    /// (bearer tokens are checked by signature): the ring is then read on first use only, if ever.
    /// </summary>
    public static void SkipKeyRingAtStart(this IServiceCollection services)
    {
        var reader = services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == KeyRingReader);
        if (reader is not null) services.Remove(reader);
    }

    internal const string KeyRingReader = "DataProtectionHostedService";
}

/// <summary>401 and 403 as ProblemDetails that say what is missing, instead of an empty body.</summary>
internal sealed class ProblemAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            await Results.Problem("A valid credential is required: an X-Api-Key header or an OAuth2 bearer token, through the gateway.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Unauthenticated").ExecuteAsync(context);
            return;
        }
        if (result.Forbidden)
        {
            var reason = context.Items[OrganizationScopeHandler.ReasonKey] as string ?? "The caller may not perform this operation.";
            await Results.Problem(reason, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
