using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using ServiceDefaults.Persistence;
using Xunit;

namespace Testing;

// Boots one real service (its Program) against its own fresh database and RabbitMQ vhost, after running the service's
// migrations exactly as `dotnet Service.dll migrate` does. Use as an xunit class fixture: `public sealed class App()
// : ServiceFactory<Program>("receipts", typeof(ReceiptsDb).Assembly);`
public class ServiceFactory<TProgram>(string schema, Assembly migrations) : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
{
    public TestDatabase Database { get; private set; } = null!;
    public TestVirtualHost VirtualHost { get; private set; } = null!;

    // Extra configuration (ConnectionStrings, options) for this fixture.
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(schema);
        VirtualHost = await TestVirtualHost.CreateAsync(schema);
        await SqlMigrator.MigrateAsync(Database.ConnectionString, schema, migrations, CancellationToken.None);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Payments", Database.ConnectionString);
        builder.UseSetting("ConnectionStrings:RabbitMq", VirtualHost.AmqpUri.ToString());
        builder.UseSetting("Outbox:PollInterval", "00:00:00.200");
        builder.UseSetting(ServiceDefaults.Security.InternalTokens.SigningKeySetting, TestCallers.SigningKey);
        foreach (var (key, value) in Settings()) builder.UseSetting(key, value);
    }

    // Started, and connected to the broker with every queue declared and bound: a service starts without waiting for
    // RabbitMQ (ADR 0033), but a test that publishes at once needs the service's queues there first.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        BrokerConnected.WaitAsync(host.Services).GetAwaiter().GetResult();
        return host;
    }

    // Clients from CreateClient act as Everything; CreateAnonymousClient carries no token.
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.WithToken(TestCallers.Everything());
    }

    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
