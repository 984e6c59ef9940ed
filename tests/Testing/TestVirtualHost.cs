using System.Net.Http.Headers;
using System.Text;

namespace Testing;

// A fresh RabbitMQ virtual host for one fixture (through the management API), deleted afterwards.
public sealed class TestVirtualHost : IAsyncDisposable
{
    private static readonly HttpClient Management = CreateClient();

    private TestVirtualHost(string name) => Name = name;

    public string Name { get; }

    // amqp://…/<vhost>, the value of ConnectionStrings__RabbitMq.
    public Uri AmqpUri => new(TestServers.RabbitMq, Uri.EscapeDataString(Name));

    public static async Task<TestVirtualHost> CreateAsync(string prefix)
    {
        var name = TestServers.UniqueName(prefix);
        (await Management.PutAsync($"api/vhosts/{name}", Json("{}"))).EnsureSuccessStatusCode();
        (await Management.PutAsync($"api/permissions/{name}/guest",
            Json("""{"configure":".*","write":".*","read":".*"}"""))).EnsureSuccessStatusCode();
        return new TestVirtualHost(name);
    }

    // Messages ready in a queue of this vhost (management API; refreshed every few seconds by RabbitMQ).
    public async Task<string> QueuesJsonAsync() => await Management.GetStringAsync($"api/queues/{Name}");

    public async ValueTask DisposeAsync() => await Management.DeleteAsync($"api/vhosts/{Name}");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = TestServers.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }
}
