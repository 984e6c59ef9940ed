using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceDefaults.Security;

namespace Actualisation.Dunning;

// An EC's dunning through the API (admin to change, read to look): its settings, the schedules of revenue types that
// differ from them, and the reminders of a notice. docs/dunning.md.
internal static partial class DunningApi
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,50}$")]
    private static partial Regex RevenueTypePattern();

    public static RouteGroupBuilder MapDunning(this RouteGroupBuilder group)
    {
        const string settings = "/organizations/{organizationFiscalCode}/dunning";
        group.MapPut(settings, PutSettings).RequireAdmin().WithTags("Dunning")
            .WithSummary("Turn the EC's reminders on or off and set their defaults, quiet hours, daily limit and overdue alert address")
            .WithDescription("Fields left out take the platform's defaults: steps [-7, 0, 30] (days from the due date), channels [email, io], " +
                "quiet hours 20:00–08:00 Europe/Rome, 1000 reminders a day.");
        group.MapGet(settings, GetSettings).WithTags("Dunning").WithSummary("The EC's dunning settings (the defaults, switched off, if never set)");
        group.MapPut(settings + "/schedules/{revenueType}", PutSchedule).RequireAdmin().WithTags("Dunning")
            .WithSummary("Steps and channels for one revenue type, instead of the EC's defaults");
        group.MapDelete(settings + "/schedules/{revenueType}", DeleteSchedule).RequireAdmin().WithTags("Dunning")
            .WithSummary("The revenue type follows the EC's defaults again");
        group.MapGet(settings + "/schedules", ListSchedules).WithTags("Dunning").WithSummary("The revenue types with their own steps");
        group.MapGet("/organizations/{organizationFiscalCode}/notices/{iuv}/reminders", Reminders).WithTags("Dunning")
            .WithSummary("The reminder steps of a notice: when, and through which channels");
        return group;
    }

    private static async Task<Results<Ok<SettingsView>, ValidationProblem>> PutSettings(string organizationFiscalCode, SettingsRequest request,
        ClaimsPrincipal user, ActualisationDb db, IOptions<DunningOptions> options, TimeProvider time, CancellationToken ct)
    {
        var defaults = options.Value.Defaults;
        var errors = new Dictionary<string, string[]>();
        var steps = Steps(request.Steps ?? defaults.StepsOrDefault, errors);
        var channels = Channels(request.Channels ?? defaults.ChannelsOrDefault, errors);
        var quietFrom = Time(request.QuietHours?.From, defaults.QuietFrom, "quietHours.from", errors);
        var quietUntil = Time(request.QuietHours?.Until, defaults.QuietUntil, "quietHours.until", errors);
        var limit = request.DailyLimit ?? defaults.DailyLimit;
        if (limit is < 1 or > 1_000_000) errors["dailyLimit"] = ["from 1 to 1000000"];
        if (request.AlertEmail is not null && !ReminderMailer.IsAddress(request.AlertEmail)) errors["alertEmail"] = ["not an e-mail address"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var row = await db.Set<DunningSettings>().SingleOrDefaultAsync(s => s.OrganizationFiscalCode == organizationFiscalCode, ct);
        if (row is null) db.Add(row = DunningSettings.For(organizationFiscalCode));
        row.Set(request.Enabled ?? true, steps, channels, quietFrom, quietUntil, limit, request.AlertEmail, user.ClientId() ?? "unknown", time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SettingsView.Of(row, true));
    }

    private static async Task<Ok<SettingsView>> GetSettings(string organizationFiscalCode, ActualisationDb db, IOptions<DunningOptions> options, CancellationToken ct)
    {
        if (await db.Set<DunningSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.OrganizationFiscalCode == organizationFiscalCode, ct) is { } row)
            return TypedResults.Ok(SettingsView.Of(row, true));
        var d = options.Value.Defaults;
        var defaults = DunningSettings.For(organizationFiscalCode);
        defaults.Set(false, d.StepsOrDefault, d.ChannelsOrDefault, d.QuietFrom, d.QuietUntil, d.DailyLimit, null, "defaults", default);
        return TypedResults.Ok(SettingsView.Of(defaults, false));
    }

    private static async Task<Results<Ok<ScheduleView>, ValidationProblem>> PutSchedule(string organizationFiscalCode, string revenueType,
        ScheduleRequest request, ClaimsPrincipal user, ActualisationDb db, IOptions<DunningOptions> options, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!RevenueTypePattern().IsMatch(revenueType)) errors["revenueType"] = ["1 to 50 letters, digits, '_', '-' or '.'"];
        if (request.Steps is null) errors["steps"] = ["the steps are required: days from the due date, negative before it"];
        var steps = Steps(request.Steps ?? [], errors);
        var channels = Channels(request.Channels ?? options.Value.Defaults.ChannelsOrDefault, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var row = await db.Set<DunningSchedule>().SingleOrDefaultAsync(s => s.OrganizationFiscalCode == organizationFiscalCode && s.RevenueType == revenueType, ct);
        if (row is null) db.Add(row = DunningSchedule.For(organizationFiscalCode, revenueType));
        row.Set(steps, channels, user.ClientId() ?? "unknown", time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ScheduleView.Of(row));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSchedule(string organizationFiscalCode, string revenueType, ActualisationDb db, CancellationToken ct) =>
        await db.Set<DunningSchedule>().Where(s => s.OrganizationFiscalCode == organizationFiscalCode && s.RevenueType == revenueType).ExecuteDeleteAsync(ct) > 0
            ? TypedResults.NoContent()
            : TypedResults.Problem($"Revenue type {Shown(revenueType)} has no schedule of its own.", statusCode: StatusCodes.Status404NotFound, title: "Schedule not found");

    private static async Task<Ok<List<ScheduleView>>> ListSchedules(string organizationFiscalCode, ActualisationDb db, CancellationToken ct) =>
        TypedResults.Ok((await db.Set<DunningSchedule>().AsNoTracking().Where(s => s.OrganizationFiscalCode == organizationFiscalCode)
            .OrderBy(s => s.RevenueType).ToListAsync(ct)).Select(ScheduleView.Of).ToList());

    private static async Task<Ok<List<ReminderView>>> Reminders(string organizationFiscalCode, string iuv, ActualisationDb db, CancellationToken ct) =>
        TypedResults.Ok((await db.Set<DunningReminder>().AsNoTracking().Where(r => r.OrganizationFiscalCode == organizationFiscalCode && r.Iuv == iuv)
            .OrderBy(r => r.StepDays).ToListAsync(ct))
            .Select(r => new ReminderView(DunningReminder.StepName(r.StepDays), r.StepDays, r.Sent, r.ReadChannelsDone(), r.CreatedAt, r.SentAt)).ToList());

    private static List<int> Steps(IReadOnlyList<int> steps, Dictionary<string, string[]> errors)
    {
        if (steps.Count is 0 or > 10) errors["steps"] = ["1 to 10 steps"];
        else if (steps.Any(s => s is < -365 or > 3650)) errors["steps"] = ["each step is from -365 to 3650 days from the due date"];
        else if (steps.Distinct().Count() != steps.Count) errors["steps"] = ["each step once"];
        return steps.Order().ToList();
    }

    private static List<string> Channels(IReadOnlyList<string> channels, Dictionary<string, string[]> errors)
    {
        if (channels.Count > DunningChannels.All.Length || channels.Any(c => !DunningChannels.All.Contains(c)) || channels.Distinct().Count() != channels.Count)
            errors["channels"] = [$"each at most once among {string.Join(", ", DunningChannels.All)} (none: events and webhooks only)"];
        return channels.ToList();
    }

    private static TimeOnly Time(string? text, TimeOnly fallback, string field, Dictionary<string, string[]> errors)
    {
        if (text is null) return fallback;
        if (TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        errors[field] = ["a time of day as HH:mm (Europe/Rome)"];
        return fallback;
    }

    private static string Shown(string text) => RevenueTypePattern().IsMatch(text) ? text : "(malformed)";
}

// Body of PUT …/dunning. Every field is optional: left out, it takes the platform's default; Enabled defaults to
// true. Enabled: False stops every reminder and summary of the EC. Steps: Days from the due date, negative before it:
// [-7, 0, 30] = a week before, on the day, a month after. Channels: email, io (both by default); an empty list leaves
// only the events and webhooks. QuietHours: No reminder from From until Until (Europe/Rome, HH:mm); equal times = no
// quiet hours. DailyLimit: Reminders started per Europe/Rome day at most; the rest wait for the next day. AlertEmail:
// Where the daily overdue summary is e-mailed (none: the position.overdue event and webhook only).
internal sealed record SettingsRequest(bool? Enabled, IReadOnlyList<int>? Steps, IReadOnlyList<string>? Channels, QuietHours? QuietHours,
    int? DailyLimit, string? AlertEmail);

internal sealed record QuietHours(string? From, string? Until);

// Body of PUT …/dunning/schedules/{revenueType}.
internal sealed record ScheduleRequest(IReadOnlyList<int>? Steps, IReadOnlyList<string>? Channels);

internal sealed record SettingsView(string OrganizationFiscalCode, bool Configured, bool Enabled, IReadOnlyList<int> Steps, IReadOnlyList<string> Channels,
    QuietHours QuietHours, int DailyLimit, string? AlertEmail, string ChangedBy, DateTimeOffset? ChangedAt)
{
    public static SettingsView Of(DunningSettings s, bool configured) => new(s.OrganizationFiscalCode, configured, s.Enabled, s.ReadSteps(), s.ReadChannels(),
        new QuietHours(s.QuietFrom.ToString("HH:mm", CultureInfo.InvariantCulture), s.QuietUntil.ToString("HH:mm", CultureInfo.InvariantCulture)),
        s.DailyLimit, s.AlertEmail, s.ChangedBy, configured ? s.ChangedAt : null);
}

internal sealed record ScheduleView(string RevenueType, IReadOnlyList<int> Steps, IReadOnlyList<string> Channels, string ChangedBy, DateTimeOffset ChangedAt)
{
    public static ScheduleView Of(DunningSchedule s) => new(s.RevenueType, s.ReadSteps(), s.ReadChannels(), s.ChangedBy, s.ChangedAt);
}

internal sealed record ReminderView(string Step, int StepDays, bool Sent, IReadOnlyList<string> Channels, DateTimeOffset StartedAt, DateTimeOffset? SentAt);
