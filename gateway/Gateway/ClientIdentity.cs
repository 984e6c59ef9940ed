using System.Security.Cryptography;
using System.Text;
using Yarp.ReverseProxy.Transforms;

namespace Gateway;

/// <summary>
/// Who is calling, as the services see it: `X-Client-Id`, set only by the gateway. A caller's own
/// `X-Client-Id` is always removed (it would let anyone write someone else's name into a position's
/// history). A request with an `X-Api-Key` found in `Clients:ApiKeys` (key → client id) is forwarded
/// with that client id; with `Clients:RequireApiKey` true, `/api/` requests without a known key get 401.
/// The pagoPA station is never behind an API key: the Node authenticates at the network level.
/// </summary>
internal static class ClientIdentity
{
    public const string ClientIdHeader = "X-Client-Id";
    public const string ApiKeyHeader = "X-Api-Key";

    public static IReverseProxyBuilder AddClientIdentity(this IReverseProxyBuilder proxy, IConfiguration configuration)
    {
        var keys = configuration.GetSection("Clients:ApiKeys").GetChildren()
            .Where(k => !string.IsNullOrEmpty(k.Value))
            .ToDictionary(k => Hash(k.Key), k => k.Value!, StringComparer.Ordinal);
        return proxy.AddTransforms(transforms => transforms.AddRequestTransform(context =>
        {
            context.ProxyRequest.Headers.Remove(ClientIdHeader);
            context.ProxyRequest.Headers.Remove(ApiKeyHeader);
            if (ClientOf(context.HttpContext, keys) is { } client)
                context.ProxyRequest.Headers.TryAddWithoutValidation(ClientIdHeader, client);
            return ValueTask.CompletedTask;
        }));
    }

    /// <summary>Refuses unknown callers on `/api/` when configured to; runs before the proxy.</summary>
    public static WebApplication UseClientIdentity(this WebApplication app)
    {
        var required = app.Configuration.GetValue("Clients:RequireApiKey", false);
        var keys = app.Configuration.GetSection("Clients:ApiKeys").GetChildren()
            .Where(k => !string.IsNullOrEmpty(k.Value))
            .ToDictionary(k => Hash(k.Key), k => k.Value!, StringComparer.Ordinal);
        if (!required) return app;
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && ClientOf(context, keys) is null)
            {
                await Results.Problem($"A valid {ApiKeyHeader} header is required.", statusCode: 401, title: "Unauthenticated")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    private static string? ClientOf(HttpContext context, Dictionary<string, string> keys) =>
        context.Request.Headers.TryGetValue(ApiKeyHeader, out var key) && key.Count == 1
        && keys.TryGetValue(Hash(key[0]!), out var client) ? client : null;

    // Keys are compared by hash so that lookups take the same time whatever prefix matches.
    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
