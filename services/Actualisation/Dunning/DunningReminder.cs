using System.Text.Json;

namespace Actualisation.Dunning;

// One step of one notice. Its key (EC, IUV, step) makes the step happen once; ChannelsDone grows as each channel is
// done, so a round interrupted half-way resumes only what is left.
internal sealed class DunningReminder
{
    private DunningReminder() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public int StepDays { get; private set; }
    public string Iupd { get; private set; } = "";
    // The Europe/Rome day the step was started: what the EC's daily limit counts.
    public DateOnly RomeDay { get; private set; }
    public string ChannelsDone { get; private set; } = "[]";
    public bool Sent { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    public static DunningReminder Start(DunningNotice notice, int stepDays, DateOnly day, DateTimeOffset now) => new()
    {
        OrganizationFiscalCode = notice.OrganizationFiscalCode, Iuv = notice.Iuv, StepDays = stepDays, Iupd = notice.Iupd, RomeDay = day, CreatedAt = now,
    };

    public IReadOnlyList<string> ReadChannelsDone() => JsonSerializer.Deserialize<List<string>>(ChannelsDone) ?? [];

    // True when channel already has an outcome ("email", "email:no-address"…).
    public bool Has(string channel) => ReadChannelsDone().Any(c => c == channel || c.StartsWith(channel + ":", StringComparison.Ordinal));

    public void Done(string outcome) => ChannelsDone = JsonSerializer.Serialize(ReadChannelsDone().Append(outcome).ToList());

    public void Finish(DateTimeOffset now) => (Sent, SentAt) = (true, now);

    // "before-7", "due-date", "after-30".
    public static string StepName(int days) => days switch
    {
        < 0 => $"before-{-days}",
        0 => "due-date",
        _ => $"after-{days}",
    };
}

// The overdue summary of one EC for one Europe/Rome day: its key makes it once a day.
internal sealed class DunningOverdueSummary
{
    private DunningOverdueSummary() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public DateOnly RomeDay { get; private set; }
    public int Notices { get; private set; }
    public bool Emailed { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static DunningOverdueSummary Of(string organization, DateOnly day, int notices, bool emailed, DateTimeOffset now) =>
        new() { OrganizationFiscalCode = organization, RomeDay = day, Notices = notices, Emailed = emailed, CreatedAt = now };
}
