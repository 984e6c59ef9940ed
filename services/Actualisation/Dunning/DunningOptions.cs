namespace Actualisation.Dunning;

// `Dunning:*` configuration: the job, the channels' servers, and the defaults of an EC's settings.
internal sealed class DunningOptions
{
    public const string Section = "Dunning";

    // How often a replica looks for reminders to send (one replica at a time).
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    // Reminders handled per EC and round at most, besides the EC's daily limit.
    public int BatchSize { get; set; } = 200;

    public SmtpOptions Smtp { get; set; } = new();

    public IoOptions Io { get; set; } = new();

    public DunningDefaults Defaults { get; set; } = new();
}

// The SMTP server reminders and summaries go through; no host = the e-mail channel is off.
internal sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    // None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "pagamenti@payments.invalid";
    public string FromName { get; set; } = "Pagamenti pagoPA";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

// The IO API for public administrations; no base URL = the IO channel is off.
internal sealed class IoOptions
{
    // e.g. https://api.io.pagopa.it/api/v1
    public string? BaseUrl { get; set; }
    // The service's subscription key (Ocp-Apim-Subscription-Key).
    public string? SubscriptionKey { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(BaseUrl);
}

// What an EC's settings hold when the EC leaves a field out.
internal sealed class DunningDefaults
{
    // Arrays left null here: the configuration binder appends to an initialised array instead of replacing it.
    public int[]? Steps { get; set; }
    public string[]? Channels { get; set; }
    public TimeOnly QuietFrom { get; set; } = new(20, 0);
    public TimeOnly QuietUntil { get; set; } = new(8, 0);
    public int DailyLimit { get; set; } = 1000;

    public int[] StepsOrDefault => Steps is { Length: > 0 } steps ? steps : [-7, 0, 30];
    public string[] ChannelsOrDefault => Channels ?? [DunningChannels.Email, DunningChannels.Io];
}

internal static class DunningChannels
{
    public const string Email = "email";
    public const string Io = "io";

    public static readonly string[] All = [Email, Io];
}
