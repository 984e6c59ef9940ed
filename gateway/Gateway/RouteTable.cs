using Gateway.Access;

namespace Gateway;

internal static class RouteTable
{
    // Routes and clusters come from configuration (appsettings.json `ReverseProxy`), so operations can point a
    // cluster elsewhere with `ReverseProxy__Clusters__<id>__Destinations__primary__Address` without a rebuild.
    // Services own their public prefixes; the gateway forwards paths unchanged, except `/health/<service>/…`, which
    // it maps to the service's own `/health/…`. Each route names its `AuthorizationPolicy` (GatewayAccess).
    public static WebApplicationBuilder AddRouteTable(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddForwardedIdentity();
        return builder;
    }
}
