using Contracts.Actualisation;
using Microsoft.Extensions.Options;

namespace Actualisation.Rules;

// What a rule needs to know about one notice. Money in euro cents; dates are Europe/Rome calendar days.
internal sealed record ScheduleInput(
    string? Rule, long AmountCents, IReadOnlyList<TransferAmount> Transfers, DateOnly? NotificationDate,
    IReadOnlyDictionary<string, string> Metadata, DateOnly? DueDate = null);

// The computed steps, or the field errors that prevented them.
internal sealed record ScheduleResult(string Rule, IReadOnlyList<AmountStep> Steps, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

// The amount rules per revenue type. "constant" is the default; "fine-5-60" is the traffic-fine rule.
internal sealed class AmountRules(IOptions<FineOptions> fineOptions)
{
    public const string Constant = "constant";
    public const string Fine = "fine-5-60";
    public static readonly IReadOnlyList<string> Known = [Constant, Fine];

    public ScheduleResult Compute(ScheduleInput input) => (input.Rule ?? Constant) switch
    {
        Constant => ConstantSchedule(input),
        Fine => new FineRule(fineOptions.Value).Compute(input),
        var other => Invalid(other, "rule", $"unknown rule '{other}'; known rules: {string.Join(", ", Known)}"),
    };

    // One open step: the option amount and its transfers, whatever the day.
    public static ScheduleResult ConstantSchedule(ScheduleInput input) =>
        new(Constant, [new AmountStep(null, null, input.AmountCents, input.Transfers, "constant")], new Dictionary<string, string[]>());

    public static ScheduleResult Invalid(string rule, string field, string message) =>
        new(rule, [], new Dictionary<string, string[]> { [field] = [message] });
}

public static class AmountRulesSetup
{
    // The rules and their parameters (section "Actualisation:Fines", see FineOptions).
    public static WebApplicationBuilder AddAmountRules(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<FineOptions>(builder.Configuration.GetSection(FineOptions.Section));
        builder.Services.AddSingleton<AmountRules>();
        builder.Services.AddSingleton<ActualisationMetrics>();
        return builder;
    }

    // The formal rules of RULES.md with the EC rule tables, the schedules they give and the midnight recompute.
    public static WebApplicationBuilder AddFormalRules(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ScheduleOptions>(builder.Configuration.GetSection(ScheduleOptions.Section));
        builder.Services.AddScoped<Tables.RuleTables>();
        builder.Services.AddScoped<FormalScheduler>();
        builder.Services.AddScoped<NoticeScheduling>();
        builder.Services.AddScoped<ScheduleRecompute>();
        builder.Services.AddSingleton<ScheduleDay>();
        builder.Services.AddHostedService<MidnightRecompute>();
        return builder;
    }
}
