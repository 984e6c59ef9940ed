using System.Net.Http.Headers;
using System.Text.Json;
using RabbitMQ.Client;
using Testing;
using Xunit;

namespace Flows.Tests;

// Each service reaches RabbitMQ as its own user with the permissions of infra/rabbitmq/users.tsv: the whole platform
// of the other flow tests runs that way (Platform), so every flow also proves the permissions are enough; these tests
// prove they are no more than that.
[Collection(PlatformCollection.Name)]
public sealed class BrokerUserTests(Platform platform)
{
    private const int AccessRefused = 403;

    [Fact]
    public async Task Every_service_with_a_broker_user_is_connected_to_the_vhost_as_that_user_and_none_as_guest()
    {
        var expected = platform.BrokerUsers.UserNames;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Dictionary<string, HashSet<string>> usersByService;
        // The management API lists connections from its statistics, refreshed every few seconds.
        do
        {
            usersByService = await UsersByConnectionNameAsync();
            if (expected.All(e => usersByService.GetValueOrDefault(e.Key)?.Contains(e.Value) == true)) break;
            await Task.Delay(500);
        } while (DateTime.UtcNow < deadline);
        foreach (var (service, user) in expected)
            Assert.Equal([user], usersByService.GetValueOrDefault(service) ?? []);
    }

    [Fact]
    public async Task A_service_user_reads_its_own_queue_but_is_refused_another_service_queue_and_another_service_events()
    {
        var receipts = new ConnectionFactory { Uri = platform.BrokerUsers.AmqpUris["Receipts"] };
        await using var connection = await receipts.CreateConnectionAsync();

        await using (var own = await connection.CreateChannelAsync())
        {
            await own.BasicGetAsync("receipts-receipt-received", autoAck: false);
            Assert.True(own.IsOpen, "Receipts could not read its own queue");
        }
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.BasicGetAsync("reporting-payment-recorded", autoAck: false)));
        Assert.Equal(AccessRefused, await RefusalAsync(connection, c => c.QueuePurgeAsync("debt-positions-payment-recorded")));
        Assert.Equal(AccessRefused, await RefusalAsync(connection,
            c => c.BasicPublishAsync("Contracts.Reporting:TransfersReconciled", "", "{}"u8.ToArray()).AsTask()));
    }

    // The reply code the broker closed the channel with after attempt (0 when it stayed open).
    private static async Task<int> RefusalAsync(IConnection connection, Func<IChannel, Task> attempt)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await attempt(channel);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // The broker's refusal closes the channel: its close reason says why.
        }
        // A refused publish has no answer: the broker closes the channel shortly after.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (channel.IsOpen && DateTime.UtcNow < deadline) await Task.Delay(50);
        return channel.CloseReason?.ReplyCode ?? 0;
    }

    private async Task<Dictionary<string, HashSet<string>>> UsersByConnectionNameAsync()
    {
        using var management = new HttpClient { BaseAddress = TestServers.RabbitMqManagement };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        using var connections = JsonDocument.Parse(await management.GetStringAsync($"api/vhosts/{Uri.EscapeDataString(platform.VirtualHost.Name)}/connections"));
        var users = new Dictionary<string, HashSet<string>>();
        foreach (var c in connections.RootElement.EnumerateArray())
        {
            var name = c.TryGetProperty("client_properties", out var p) && p.TryGetProperty("connection_name", out var n) ? n.GetString() ?? "" : "";
            if (!users.TryGetValue(name, out var set)) users[name] = set = [];
            set.Add(c.GetProperty("user").GetString()!);
        }
        return users;
    }
}
