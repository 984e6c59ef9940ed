using Receipts;
using Testing;

namespace Receipts.Tests;

// The service as local runs configure it: webhooks to loopback and http allowed, quick polling.
public class ReceiptsApp() : ServiceFactory<Program>(ReceiptsDb.Schema, typeof(ReceiptsDb).Assembly)
{
    // Base64 of 32 fixed bytes: a test key, never a deployment's.
    public const string WebhookKey = "RVDtVzZlMI16tGZfyiO8JL7+uh4emLri8oiZk/prbKk=";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Webhooks:SecretKey", WebhookKey),
        new("Webhooks:AllowPrivateTargets", "true"),
        new("Webhooks:AllowInsecureTargets", "true"),
        new("Webhooks:PollInterval", "00:00:00.100"),
        .. WebhookSettings(),
    ];

    protected virtual IEnumerable<KeyValuePair<string, string?>> WebhookSettings() =>
    [
        // Long enough that a receiver that hangs holds its requests for the whole test: nothing times out by chance.
        new("Webhooks:RequestTimeout", "00:05:00"),
        new("Webhooks:FirstRetryDelay", "00:00:00.200"),
        new("Webhooks:MaxRetryDelay", "00:00:00.500"),
    ];
}

// A production configuration: https only, no private targets.
public sealed class StrictTargetsApp() : ServiceFactory<Program>(ReceiptsDb.Schema, typeof(ReceiptsDb).Assembly)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Webhooks:SecretKey", ReceiptsApp.WebhookKey),
        new("Webhooks:PollInterval", "00:00:00.100"),
        new("Webhooks:FirstRetryDelay", "00:10:00"),
    ];
}

// A safety poll of ten minutes: anything delivered within a test's deadline was sent because a commit woke the
// sender.
public sealed class SlowPollApp : ReceiptsApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Webhooks:PollInterval", "00:10:00")];
}
