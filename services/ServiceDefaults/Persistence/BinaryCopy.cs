using Npgsql;
using NpgsqlTypes;

namespace ServiceDefaults.Persistence;

/// <summary>
/// Nullable values into a binary COPY (conventions §6: bulk writes use COPY), the way every service's bulk path
/// writes them: null as NULL, instants in UTC (timestamptz takes UTC only; snapshots may carry any offset).
/// </summary>
public static class BinaryCopy
{
    public static void WriteText(this NpgsqlBinaryImporter copy, params ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (value is null) copy.WriteNull();
            else copy.Write(value, NpgsqlDbType.Text);
        }
    }

    public static void WriteInstant(this NpgsqlBinaryImporter copy, params ReadOnlySpan<DateTimeOffset?> values)
    {
        foreach (var value in values)
        {
            if (value is { } v) copy.Write(v.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            else copy.WriteNull();
        }
    }
}
