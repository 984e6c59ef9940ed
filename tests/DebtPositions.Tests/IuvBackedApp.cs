extern alias iuv;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// DebtPositions on its own database and vhost, talking over real HTTP (Kestrel on a loopback port) to a real
// IuvIssuance on its own database. The demo EC is configured with segregation code 01. Subclasses add their own
// settings.
public abstract class IuvBackedApp() : ServiceFactory<Program>(DebtPositionsDb.Schema, typeof(DebtPositionsDb).Assembly)
{
    public const string Ec = "77777777777";
    private readonly ServiceFactory<iuv::Program> _iuv = new("iuv_issuance", typeof(iuv::Program).Assembly);
    private string _iuvUrl = "";

    // Every delivery DebtPositions' bus has finished with.
    public Deliveries Deliveries { get; } = new();

    // IuvIssuance's database (its counters say how many notice numbers were handed out).
    public TestDatabase IuvDatabase => _iuv.Database;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await _iuv.InitializeAsync();
        // An explicit loopback endpoint on a free port (UseKestrel(0) races with the started server).
        _iuv.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        _iuv.StartServer();
        _iuvUrl = _iuv.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(_iuvUrl) }.WithToken(TestCallers.Everything());
        (await http.PutAsJsonAsync($"/api/iuv/organizations/{Ec}", new { segregationCode = "01" })).EnsureSuccessStatusCode();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddReceiveObserver(_ => Deliveries));
    }

    protected sealed override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("IuvIssuance:BaseUrl", Route(new Uri(_iuvUrl)).ToString()), .. MoreSettings()];

    // The address DebtPositions is given for IuvIssuance (a subclass may put something in between).
    protected virtual Uri Route(Uri iuvIssuance) => iuvIssuance;

    // The settings of this particular app, besides the IuvIssuance address.
    protected abstract IEnumerable<KeyValuePair<string, string?>> MoreSettings();

    // WebApplicationFactory.DisposeAsync ends in Dispose(true): the companion service goes with it
    // (ServiceFactory implements the async teardown explicitly, so it cannot be extended directly).
    protected override void Dispose(bool disposing)
    {
        if (disposing) ((IAsyncLifetime)_iuv).DisposeAsync().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
