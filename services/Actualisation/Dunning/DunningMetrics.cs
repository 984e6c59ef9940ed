using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace Actualisation.Dunning;

// dunning_* counters on the service's Meter (docs/dunning.md).
internal sealed class DunningMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _reminders = AtZero(telemetry.Meter.CreateCounter<long>(
        "dunning.reminders", description: "Reminder steps completed, by step"));
    private readonly Counter<long> _channels = AtZero(telemetry.Meter.CreateCounter<long>(
        "dunning.channel.outcomes", description: "Per channel of a reminder: sent, or why not (no-address, not-allowed, no-profile, not-configured)"),
        [.. DunningChannels.All.Select(c => Tags(("channel", c), ("outcome", "sent")))]);
    private readonly Counter<long> _failures = AtZero(telemetry.Meter.CreateCounter<long>(
        "dunning.channel.failures", description: "Channel attempts that failed and will be retried next round, by channel"),
        [.. DunningChannels.All.Select(c => Tags(("channel", c)))]);
    private readonly Counter<long> _deferred = AtZero(telemetry.Meter.CreateCounter<long>(
        "dunning.deferred", description: "Rounds in which an EC's reminders waited, by reason (quiet-hours, daily-limit)"),
        Tags(("reason", "quiet-hours")), Tags(("reason", "daily-limit")));
    private readonly Counter<long> _overdue = AtZero(telemetry.Meter.CreateCounter<long>(
        "dunning.overdue.notices", description: "Notices announced overdue in the daily summaries"));

    public void Reminded(string step) => _reminders.Add(1, new KeyValuePair<string, object?>("step", step));

    public void Outcome(string outcome)
    {
        var parts = outcome.Split(':', 2);
        _channels.Add(1, new KeyValuePair<string, object?>("channel", parts[0]), new KeyValuePair<string, object?>("outcome", parts.Length > 1 ? parts[1] : "sent"));
    }

    public void Failed(string channel) => _failures.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Deferred(string reason) => _deferred.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Overdue(int notices) => _overdue.Add(notices);

    // Each counter exported at zero from the start (DunningSetup resolves this class when the host starts), for its
    // usual label values: the dunning dashboard and its test find a series before the first reminder of the day.
    private static Counter<long> AtZero(Counter<long> counter, params KeyValuePair<string, object?>[][] series)
    {
        if (series.Length == 0) counter.Add(0);
        foreach (var tags in series) counter.Add(0, tags);
        return counter;
    }

    private static KeyValuePair<string, object?>[] Tags(params (string Key, string Value)[] tags) =>
        [.. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))];
}
