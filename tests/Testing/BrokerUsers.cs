using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Testing;

// One RabbitMQ user per service in a test vhost, with the permissions of infra/rabbitmq/users.tsv (the file the local
// platform and the Kubernetes manifests use), so that a harness running the services as separate processes runs each
// as its own broker user, as deployed. Users are global in RabbitMQ: each is named after the vhost (`<vhost>-<user>`)
// and deleted with this object. Test code itself (TestBus, the management API) stays guest.
public sealed class BrokerUsers : IAsyncDisposable
{
    private static readonly HttpClient Management = CreateClient();
    private readonly List<string> _users = [];

    private BrokerUsers() { }

    // The service's ConnectionStrings__RabbitMq, by service name (IuvIssuance, Receipts, …).
    public Dictionary<string, Uri> AmqpUris { get; } = [];

    // The broker user name of each service, by service name.
    public Dictionary<string, string> UserNames { get; } = [];

    public sealed record Grant(string Service, string User, string Configure, string Write, string Read);

    // The rows of infra/rabbitmq/users.tsv.
    public static IReadOnlyList<Grant> Grants(string repositoryRoot) =>
        File.ReadLines(Path.Combine(repositoryRoot, "infra", "rabbitmq", "users.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => new Grant(f[0], f[1], f[2], f[3], f[4]))
            .ToList();

    public static async Task<BrokerUsers> CreateAsync(TestVirtualHost vhost, string repositoryRoot)
    {
        var users = new BrokerUsers();
        foreach (var grant in Grants(repositoryRoot))
        {
            var name = $"{vhost.Name}-{grant.User}";
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            (await Management.PutAsJsonAsync($"api/users/{name}", new { password, tags = "" })).EnsureSuccessStatusCode();
            users._users.Add(name);
            (await Management.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(vhost.Name)}/{name}",
                new { configure = grant.Configure, write = grant.Write, read = grant.Read })).EnsureSuccessStatusCode();
            users.UserNames[grant.Service] = name;
            users.AmqpUris[grant.Service] = new UriBuilder(vhost.AmqpUri) { UserName = name, Password = password }.Uri;
        }
        return users;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _users) await Management.DeleteAsync($"api/users/{name}");
    }

    private static HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = TestServers.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }
}
