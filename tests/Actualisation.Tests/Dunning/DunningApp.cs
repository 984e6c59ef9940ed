extern alias simulator;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Actualisation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;
using SimulatorEntryPoint = simulator::NodeSimulator.SimulatorEntryPoint;

namespace Actualisation.Tests.Dunning;

// Actualisation with dunning rounds every 200 ms and a settable "now", sending e-mail over real SMTP to the
// NodeSimulator's sink and IO messages over real HTTP to its IO API (the simulator runs in-process on Kestrel,
// loopback).
public sealed class DunningApp() : ServiceFactory<Program>(ActualisationDb.Schema, typeof(ActualisationDb).Assembly)
{
    private readonly int _smtpPort = FreePort();
    private WebApplicationFactory<SimulatorEntryPoint> _simulator = new();
    private Uri _simulatorUrl = null!;

    public SettableTime Time { get; } = new();

    // The simulator's own API: /simulator/mail, /simulator/io/….
    public HttpClient Simulator { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _simulator = _simulator.WithWebHostBuilder(b => b.UseSetting("Mail:SmtpPort", _smtpPort.ToString()));
        _simulator.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _simulator.StartServer();
        _simulatorUrl = new Uri(_simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Simulator = new HttpClient { BaseAddress = _simulatorUrl };
        // The sink listens once its hosted service has started: wait until it answers SMTP.
        await Eventually.TrueAsync(async () =>
        {
            using var client = new TcpClient();
            try { await client.ConnectAsync(IPAddress.Loopback, _smtpPort); return true; }
            catch (SocketException) { return false; }
        }, TimeSpan.FromSeconds(20), "the SMTP sink listens");
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Dunning:Interval", "00:00:00.200"),
        new("Dunning:Smtp:Host", "127.0.0.1"),
        new("Dunning:Smtp:Port", _smtpPort.ToString()),
        new("Dunning:Smtp:Security", "None"),
        new("Dunning:Smtp:From", "pagamenti@comune.example"),
        new("Dunning:Io:BaseUrl", new Uri(_simulatorUrl, "/io/api/v1").ToString()),
        new("Dunning:Io:SubscriptionKey", "test-subscription-key"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public async Task<List<Mail>> MailsToAsync(string address) =>
        (await Simulator.GetFromJsonAsync<List<Mail>>($"/simulator/mail?to={Uri.EscapeDataString(address)}"))!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Simulator?.Dispose();
            _simulator.Dispose();
        }
        base.Dispose(disposing);
    }
}

public sealed record Mail(long Id, string From, List<string> To, string Subject, string Text);
