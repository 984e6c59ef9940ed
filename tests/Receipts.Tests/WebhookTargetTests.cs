using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;

namespace Receipts.Tests;

public sealed class WebhookTargetTests(StrictTargetsApp app) : IClassFixture<StrictTargetsApp>
{
    [Theory]
    [InlineData("http://example.org/hook", "https")]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://localhost:8443/hook", "loopback")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("https://172.20.0.1/hook", "172.20.0.1")]
    [InlineData("https://192.168.1.10/hook", "192.168.1.10")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("https://[fe80::1]/hook", "fe80::1")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "10.0.0.1")]
    [InlineData("https://user:password@example.org/hook", "credentials")]
    [InlineData("ftp://example.org/hook", "https")]
    [InlineData("not a url", "absolute")]
    public async Task A_target_that_is_not_public_https_is_refused_with_a_field_error(string target, string reason)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/receipts/organizations/77777777778/webhooks",
            new { targetUrl = target, eventTypes = new[] { "receipt.archived" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("targetUrl");
        Assert.Contains(reason, errors[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.Database.ScalarAsync<long>("SELECT count(*) FROM receipts.webhook_subscriptions WHERE organization_fiscal_code = '77777777778'"));
    }

    [Fact]
    public async Task A_target_whose_name_now_resolves_to_a_private_address_is_refused_at_connection_time()
    {
        await using var receiver = await TestReceiver.StartAsync();
        // As if the name was public when the subscription was made, and its DNS record was changed since (rebinding):
        // the row is written directly, past the creation check; the connection is checked again.
        var subscription = Guid.NewGuid();
        var secret = await ExistingCiphertextAsync();
        await app.Database.ExecuteAsync($"""
            INSERT INTO receipts.webhook_subscriptions (id, organization_fiscal_code, target_url, event_types, status, secret_ciphertext, created_at, updated_at)
            VALUES ('{subscription}', '77777777777', 'https://localhost:{receiver.BaseUri.Port}/rebound', ARRAY['receipt.archived'], 'active', '{secret}', now(), now())
            """);
        await using var bus = await SampleReceipts.BusAsync(app);

        await bus.PublishAsync(SampleReceipts.Receipt("77777777777", "rcpt-rebind-1", "01000000000000771"));

        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<string>(
            $"SELECT last_error FROM receipts.webhook_deliveries WHERE subscription_id = '{subscription}'") is not null,
            TimeSpan.FromSeconds(30), "the attempt recorded");
        var error = await app.Database.ScalarAsync<string>($"SELECT last_error FROM receipts.webhook_deliveries WHERE subscription_id = '{subscription}'");
        Assert.StartsWith("refused: address", error, StringComparison.Ordinal);
        Assert.Empty(receiver.At("/rebound"));
    }

    // A valid ciphertext under the fixture's key, made by the service itself for a public target.
    private async Task<string> ExistingCiphertextAsync()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/receipts/organizations/77777777770/webhooks",
            new { targetUrl = "https://1.1.1.1/hook-public", eventTypes = new[] { "receipt.archived" } });
        response.EnsureSuccessStatusCode();
        return (await app.Database.ScalarAsync<string>(
            "SELECT secret_ciphertext FROM receipts.webhook_subscriptions WHERE organization_fiscal_code = '77777777770' LIMIT 1"))!;
    }
}
