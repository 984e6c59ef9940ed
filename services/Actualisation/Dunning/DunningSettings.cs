using System.Text.Json;

namespace Actualisation.Dunning;

// An EC's dunning: on or off, its quiet hours and daily limit, where its overdue summaries go, and the steps and
// channels of every revenue type that has no DunningSchedule of its own. An EC without settings gets no reminders.
internal sealed class DunningSettings
{
    private DunningSettings() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public bool Enabled { get; private set; }
    // Days from the due date (negative before it), as JSON.
    public string Steps { get; private set; } = "[]";
    public string Channels { get; private set; } = "[]";
    // Europe/Rome wall-clock times; no citizen is reminded from QuietFrom until QuietUntil.
    public TimeOnly QuietFrom { get; private set; }
    public TimeOnly QuietUntil { get; private set; }
    public int DailyLimit { get; private set; }
    public string? AlertEmail { get; private set; }
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }

    public static DunningSettings For(string organization) => new() { OrganizationFiscalCode = organization };

    public void Set(bool enabled, IReadOnlyList<int> steps, IReadOnlyList<string> channels, TimeOnly quietFrom, TimeOnly quietUntil,
        int dailyLimit, string? alertEmail, string changedBy, DateTimeOffset now)
    {
        (Enabled, Steps, Channels) = (enabled, JsonSerializer.Serialize(steps), JsonSerializer.Serialize(channels));
        (QuietFrom, QuietUntil, DailyLimit, AlertEmail, ChangedBy, ChangedAt) = (quietFrom, quietUntil, dailyLimit, alertEmail, changedBy, now);
    }

    public IReadOnlyList<int> ReadSteps() => JsonSerializer.Deserialize<List<int>>(Steps) ?? [];

    public IReadOnlyList<string> ReadChannels() => JsonSerializer.Deserialize<List<string>>(Channels) ?? [];
}

// The steps and channels of one revenue type of an EC, instead of the EC's defaults.
internal sealed class DunningSchedule
{
    private DunningSchedule() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string RevenueType { get; private set; } = "";
    public string Steps { get; private set; } = "[]";
    public string Channels { get; private set; } = "[]";
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }

    public static DunningSchedule For(string organization, string revenueType) => new() { OrganizationFiscalCode = organization, RevenueType = revenueType };

    public void Set(IReadOnlyList<int> steps, IReadOnlyList<string> channels, string changedBy, DateTimeOffset now) =>
        (Steps, Channels, ChangedBy, ChangedAt) = (JsonSerializer.Serialize(steps), JsonSerializer.Serialize(channels), changedBy, now);

    public IReadOnlyList<int> ReadSteps() => JsonSerializer.Deserialize<List<int>>(Steps) ?? [];

    public IReadOnlyList<string> ReadChannels() => JsonSerializer.Deserialize<List<string>>(Channels) ?? [];
}
