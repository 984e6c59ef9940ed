extern alias actualisation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// DebtPositions with a real IuvIssuance and a real Actualisation (over HTTP, through a TcpProxy the test can cut),
// the bulk re-issue job polling twice a second in batches of two, so a few positions cross several batches.
public sealed class CoerciveApp : IuvBackedApp
{
    private readonly ServiceFactory<actualisation::Program> _actualisation = new("actualisation", typeof(actualisation::Program).Assembly);
    private Uri _actualisationUrl = null!;

    // Actualisation, on its own database and vhost (its events are not DebtPositions').
    internal ServiceFactory<actualisation::Program> Actualisation => _actualisation;

    // Between DebtPositions and Actualisation: Cut() makes Actualisation unreachable.
    internal TcpProxy ActualisationProxy { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await _actualisation.InitializeAsync();
        _actualisation.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        _actualisation.StartServer();
        var url = new Uri(_actualisation.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        ActualisationProxy = TcpProxy.Start(url.Host, url.Port);
        _actualisationUrl = new UriBuilder(url) { Port = ActualisationProxy.Port }.Uri;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
    [
        new("Actualisation:BaseUrl", _actualisationUrl.ToString()),
        new("Coercive:PollInterval", "00:00:00.500"),
        new("Coercive:BatchSize", "2"),
    ];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ActualisationProxy?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            ((IAsyncLifetime)_actualisation).DisposeAsync().GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }
}
