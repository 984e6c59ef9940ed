using Testing;

namespace NodeAdapter.Tests;

// The NodeAdapter reaching RabbitMQ only through a TcpProxy the test can cut.
public sealed class BrokerOutageApp : NodeAdapterApp
{
    internal TcpProxy Proxy { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Proxy = TcpProxy.Start(TestServers.RabbitMq.Host, TestServers.RabbitMq.Port);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("ConnectionStrings:RabbitMq", new UriBuilder(VirtualHost.AmqpUri) { Port = Proxy.Port }.Uri.ToString()),
    ];
}
