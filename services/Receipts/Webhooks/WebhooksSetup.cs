using System.Net.Sockets;
using Microsoft.Extensions.Options;
using ServiceDefaults.Security;

namespace Receipts.Webhooks;

internal static class WebhooksSetup
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<TargetPolicy>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.ConfigureDbContext<ReceiptsDb>((sp, o) => o.AddInterceptors(
            new WebhookSignalInterceptor(sp.GetRequiredService<WebhookSignal>()), new WebhookQueueCommitInterceptor(sp.GetRequiredService<WebhookSignal>())));
        builder.Services.AddHostedService<WebhookSweeper>();
        // No redirects (a 3xx is a failed attempt, never a hop to somewhere unchecked), no proxy, no retry handler (the
        // sweeper retries later with the same id), and every address dialled checked against the policy.
        builder.Services.AddHttpClient(WebhookSender.ClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("pagopa-payments-webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = CheckedConnect(sp.GetRequiredService<TargetPolicy>()),
            });
        return builder;
    }

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/receipts/organizations/{organizationFiscalCode}/webhooks")
            .WithTags("Webhooks")
            .RequireAdmin()
            .MapSubscriptions()
            .MapDeliveries();
        return app;
    }

    // Resolves the host at connection time and refuses the connection when any of its addresses is not allowed (DNS
    // rebinding).
    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> CheckedConnect(TargetPolicy policy) =>
        async (context, ct) =>
        {
            var endpoint = context.DnsEndPoint;
            var addresses = await TargetPolicy.ResolveAsync(endpoint.Host, ct);
            if (addresses.Length == 0) throw new TargetRefusedException($"host {endpoint.Host} has no address");
            if (addresses.Select(policy.CheckAddress).FirstOrDefault(r => r is not null) is { } refusal)
                throw new TargetRefusedException($"refused: {refusal}");
            var family = addresses[0].AddressFamily;
            var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses.Where(a => a.AddressFamily == family).ToArray(), endpoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
