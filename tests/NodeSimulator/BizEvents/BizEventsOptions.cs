namespace NodeSimulator.BizEvents;

// Section "BizEvents": pagoPA's throttle on the receipt API (10 calls per 60 minutes per subscription, NOTES §2).
internal sealed class BizEventsOptions
{
    public const string Section = "BizEvents";

    public int CallsPerWindow { get; set; } = 10;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(60);
}
