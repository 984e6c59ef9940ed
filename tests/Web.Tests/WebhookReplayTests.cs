using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Flows.Tests;
using Microsoft.Playwright;
using Testing;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Web.Tests;

// An administrator sends failed webhook deliveries again from the subscription's page: one by one, then all the
// others. The deliveries die as they would after 72 hours of failures: their retry horizon is moved into the past and
// the sender itself gives up on the next failed attempt.
[Collection(WebCollection.Name)]
public sealed class WebhookReplayTests(WebPlatform web, ITestOutputHelper output)
{
    static WebhookReplayTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_administrator_replays_one_dead_delivery_then_all_the_others_and_none_is_dead_any_more() =>
        await web.RunAsync(nameof(An_administrator_replays_one_dead_delivery_then_all_the_others_and_none_is_dead_any_more), async checks =>
        {
            var admin = web.Platform.Gateway;
            var webhooks = $"/api/receipts/organizations/{Platform.Ec}/webhooks";
            // Nothing listens on port 9: every attempt fails.
            var created = await admin.PostAsJsonAsync(webhooks + "/", new
            {
                targetUrl = $"http://127.0.0.1:9/web-replay/{Guid.NewGuid():N}", eventTypes = new[] { "position.status-changed" }, description = "replay",
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var subscription = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["subscription"]!["id"]!;
            for (var i = 0; i < 2; i++)
            {
                var position = await admin.PostAsJsonAsync($"/api/debt-positions/v1/organizations/{Platform.Ec}/debtpositions?toPublish=true",
                    Positions.OneNotice("WEB-HOOK-" + Guid.NewGuid().ToString("N")[..10]));
                Assert.True(position.IsSuccessStatusCode, await position.Content.ReadAsStringAsync());
            }
            var deliveries = $"{webhooks}/{subscription}/deliveries";
            await Eventually.TrueAsync(async () => (JsonNode.Parse(await admin.GetStringAsync(deliveries + "?limit=100"))!.AsArray()).Count >= 2,
                TimeSpan.FromSeconds(60), "two deliveries exist");
            var dead = 0;
            await Eventually.TrueAsync(async () =>
            {
                // Again on each round: an event that arrived late gets the same past horizon.
                await web.Platform.Database.ExecuteAsync(
                    $"UPDATE receipts.webhook_deliveries SET retry_from = now() - interval '73 hours', next_attempt_at = now() WHERE subscription_id = '{subscription}' AND status = 'pending'");
                var all = JsonNode.Parse(await admin.GetStringAsync(deliveries + "?limit=100"))!.AsArray();
                dead = all.Count(d => (string?)d!["status"] == "dead");
                return all.Count >= 2 && dead == all.Count;
            }, TimeSpan.FromSeconds(90), "every delivery is dead");

            var page = await checks.NewPageAsync();
            await Journeys.SignInAsync(page, checks, "amministratore77");
            await page.GotoAsync($"/backoffice/impostazioni/{Platform.Ec}/webhook");
            var section = page.Locator($"#subscription-{subscription}");
            await Expect(section.Locator("h4")).ToHaveTextAsync($"Consegne non riuscite: {dead}");
            await checks.CheckAsync(page, "dead-deliveries");

            await section.GetByRole(AriaRole.Button, new() { Name = "Reinvia", Exact = true }).First.ClickAsync();
            await Expect(page.Locator("#webhook-message")).ToBeVisibleAsync();
            await Expect(section.Locator("h4")).ToHaveTextAsync($"Consegne non riuscite: {dead - 1}");
            await checks.CheckAsync(page, "one-replayed");

            await section.GetByRole(AriaRole.Button, new() { Name = "Reinvia tutte le consegne non riuscite" }).ClickAsync();
            await Expect(page.Locator("#webhook-message")).ToBeVisibleAsync();
            await Expect(section.Locator("h4")).ToHaveTextAsync("Consegne non riuscite: 0");
            await checks.CheckAsync(page, "all-replayed");
            var after = JsonNode.Parse(await admin.GetStringAsync(deliveries + "?limit=100"))!.AsArray();
            Assert.DoesNotContain(after, d => (string?)d!["status"] == "dead");
        }, output);
}
