using System.Diagnostics.Metrics;
using ServiceDefaults.Telemetry;

namespace Actualisation.Dunning;

/// <summary>dunning_* counters on the service's Meter (docs/dunning.md).</summary>
internal sealed class DunningMetrics(ServiceTelemetry telemetry)
{
    private readonly Counter<long> _reminders = telemetry.Meter.CreateCounter<long>(
        "dunning.reminders", description: "Reminder steps completed, by step");
    private readonly Counter<long> _channels = telemetry.Meter.CreateCounter<long>(
        "dunning.channel.outcomes", description: "Per channel of a reminder: sent, or why not (no-address, not-allowed, no-profile, not-configured)");
    private readonly Counter<long> _failures = telemetry.Meter.CreateCounter<long>(
        "dunning.channel.failures", description: "Channel attempts that failed and will be retried next round, by channel");
    private readonly Counter<long> _deferred = telemetry.Meter.CreateCounter<long>(
        "dunning.deferred", description: "Rounds in which an EC's reminders waited, by reason (quiet-hours, daily-limit)");
    private readonly Counter<long> _overdue = telemetry.Meter.CreateCounter<long>(
        "dunning.overdue.notices", description: "Notices announced overdue in the daily summaries");

    public void Reminded(string step) => _reminders.Add(1, new KeyValuePair<string, object?>("step", step));

    public void Outcome(string outcome)
    {
        var parts = outcome.Split(':', 2);
        _channels.Add(1, new KeyValuePair<string, object?>("channel", parts[0]), new KeyValuePair<string, object?>("outcome", parts.Length > 1 ? parts[1] : "sent"));
    }

    public void Failed(string channel) => _failures.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Deferred(string reason) => _deferred.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Overdue(int notices) => _overdue.Add(notices);
}
