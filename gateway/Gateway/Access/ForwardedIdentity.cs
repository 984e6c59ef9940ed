using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Security;
using ServiceDefaults.Time;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Access;

// What a service learns of the caller: nothing the caller wrote itself (its credentials and any identity header are
// removed), only the gateway's internal token for the identity it verified. Tokens are minted once per identity and
// reused until half their life has passed: signing is off the request path.
internal sealed class ForwardedIdentity(IConfiguration configuration, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    // Credentials and identity claims of the caller's own making, including the client certificate a
    // TLS-terminating ingress passes on (nginx-ingress's names and the configured one).
    private readonly string[] _callerHeaders =
    [
        "Authorization", ApiKeyAuthentication.Header, "X-Client-Id", "X-Forwarded-Client-Cert",
        "ssl-client-cert", "ssl-client-verify", "ssl-client-subject-dn", "ssl-client-issuer-dn",
        configuration["Station:ClientAuthentication:HeaderName"] ?? "X-Forwarded-Client-Cert",
    ];
    private readonly SymmetricSecurityKey _key = InternalTokens.SigningKey(configuration);
    private readonly ConcurrentDictionary<string, (string Header, DateTimeOffset RenewAt)> _tokens = new(StringComparer.Ordinal);

    public void Apply(RequestTransformContext context)
    {
        foreach (var header in _callerHeaders) context.ProxyRequest.Headers.Remove(header);
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true || user.ClientId() is not { } client) return;
        context.ProxyRequest.Headers.TryAddWithoutValidation("Authorization", HeaderFor(user, client));
    }

    private string HeaderFor(ClaimsPrincipal user, string client)
    {
        var role = user.FindFirst(Caller.RoleClaim)!.Value;
        var organizations = user.Organizations().ToArray();
        var identity = $"{client}\n{role}\n{string.Join(',', organizations)}";
        // Real time even on a shifted test clock: services validate the token on real time.
        var now = time.Unshifted().GetUtcNow();
        if (_tokens.TryGetValue(identity, out var cached) && now < cached.RenewAt) return cached.Header;
        var header = "Bearer " + InternalTokens.Issue(_key, client, organizations, role, now, Lifetime);
        // Bounded: identities are API keys and OAuth2 clients, but a flood of distinct tokens must not grow it forever.
        if (_tokens.Count > 10_000) _tokens.Clear();
        _tokens[identity] = (header, now + Lifetime / 2);
        return header;
    }
}

internal static class ForwardedIdentityTransforms
{
    public static IReverseProxyBuilder AddForwardedIdentity(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(transforms =>
        {
            var forwarded = transforms.Services.GetRequiredService<ForwardedIdentity>();
            transforms.AddRequestTransform(context =>
            {
                forwarded.Apply(context);
                return ValueTask.CompletedTask;
            });
        });
}
