using Actualisation.Rules.Formal;
using Actualisation.Tables;
using Microsoft.Extensions.Options;
using ServiceDefaults.Time;

namespace Actualisation.Rules;

// How far a formal-rule schedule reaches, configuration section "Actualisation:Schedules".
public sealed class ScheduleOptions
{
    public const string Section = "Actualisation:Schedules";

    // Days before today still covered, for receipts of payments made before midnight that arrive after it.
    public int PastDays { get; set; } = 7;

    // Days after today covered; the midnight recompute moves the horizon every day.
    public int HorizonDays { get; set; } = 31;
}

// A schedule computed under a formal rule, and the table version and revenue type it followed.
internal sealed record FormalScheduleResult(ScheduleResult Result, string RevenueType, int? TableVersion);

// Computes formal-rule schedules with the EC's rule table: the pinned version, else the current one.
internal sealed class FormalScheduler(RuleTables tables, TimeProvider time, IOptions<ScheduleOptions> options)
{
    public async Task<FormalScheduleResult> ComputeAsync(string organization, ScheduleInput input, int? pinnedVersion, CancellationToken ct)
    {
        var revenueType = FormalSchedule.RevenueType(input);
        var table = pinnedVersion is { } version
            ? await tables.VersionAsync(organization, revenueType, version, ct)
            : await tables.CurrentAsync(organization, revenueType, ct);
        // A table written for another rule does not apply (the notice names its own rule).
        if (table is not null && table.Rule != input.Rule) table = null;
        var today = RomeCalendar.Today(time);
        var result = FormalSchedule.Compute(input, table?.ReadParameters(), table?.ReadRates() ?? LegalInterestRates.Italy,
            today.AddDays(-options.Value.PastDays), today.AddDays(options.Value.HorizonDays));
        return new FormalScheduleResult(result, revenueType, table?.Version);
    }
}
