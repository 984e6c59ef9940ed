using System.Globalization;
using System.Text.Json.Nodes;

namespace Testing;

// Real samples carry literal dates that were true on the day they were copied in (a due date already past, a
// retention date still ahead). Left as they are, they become date bombs: the day a "future" literal passes, a test
// that needed it ahead starts failing with no code change. Every sample is therefore loaded through Rebase, which
// moves each date by the time elapsed since SamplesTrueOn, so the sample says on any day what it said on that one.
public static class SampleDates
{
    // The day on which the samples' literal dates held the relations the tests rely on.
    public static readonly DateTimeOffset SamplesTrueOn = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    // Shifts every ISO 8601 date-time string in sample by whole days, from SamplesTrueOn to now.
    public static T Rebase<T>(T sample, DateTimeOffset now) where T : JsonNode
    {
        var shift = TimeSpan.FromDays(Math.Floor((now - SamplesTrueOn).TotalDays));
        Visit(sample, shift);
        return sample;
    }

    private static void Visit(JsonNode? node, TimeSpan shift)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var text) && TryShift(text, shift, out var moved)) o[name] = moved;
                    else Visit(value, shift);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Visit(item, shift);
                break;
        }
    }

    private static bool TryShift(string text, TimeSpan shift, out string moved)
    {
        moved = text;
        if (text.Length < 20 || text[4] != '-' || text[10] != 'T') return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)) return false;
        moved = instant.Add(shift).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return true;
    }
}
