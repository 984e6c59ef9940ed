using System.Buffers;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace ServiceDefaults.Persistence;

/// <summary>
/// One description of a table's columns, in the table's order, each with how its value derives from a
/// <typeparamref name="TRow"/>. Every statement that writes or reads the table (binary COPY, a set-based upsert from
/// <c>unnest</c>ed arrays, a SELECT list) is built from it, and every row is encoded by it: the column order and each
/// value's rule are written once.
/// </summary>
public sealed class TableColumns<TRow>
{
    private readonly Column<TRow>[] _columns;

    public TableColumns(string table, params Column<TRow>[] columns)
    {
        Table = table;
        _columns = columns;
        CopyFromStdin = $"COPY {table} ({List()}) FROM STDIN (FORMAT BINARY)";
    }

    public string Table { get; }
    public int Count => _columns.Length;
    public string CopyFromStdin { get; }

    /// <summary>The column names in order, comma-separated, each prefixed with <c>alias.</c> when given.</summary>
    public string List(string? alias = null) =>
        string.Join(", ", _columns.Select(c => alias is null ? c.Name : $"{alias}.{c.Name}"));

    /// <summary>The 0-based position of a column, as a SELECT of <see cref="List"/> returns it.</summary>
    public int Ordinal(string name) =>
        Array.FindIndex(_columns, c => c.Name == name) is var i and >= 0 ? i : throw new ArgumentException($"{Table} has no column {name}", nameof(name));

    /// <summary><c>unnest($first::type[], …) AS alias(name, …)</c>: one array parameter per column, see <see cref="AddArrays"/>.</summary>
    public string Unnest(string alias, int firstParameter = 1) =>
        $"unnest({string.Join(", ", _columns.Select((c, i) => $"${firstParameter + i}::{c.SqlType}[]"))}) AS {alias}({List()})";

    /// <summary><c>name = EXCLUDED.name, …</c> for every column but <paramref name="key"/>, or the expression given for it in <paramref name="rules"/>.</summary>
    public string UpdateSet(IReadOnlyCollection<string> key, IReadOnlyDictionary<string, string>? rules = null) =>
        string.Join(",\n  ", _columns.Where(c => !key.Contains(c.Name))
            .Select(c => $"{c.Name} = {(rules is not null && rules.TryGetValue(c.Name, out var rule) ? rule : "EXCLUDED." + c.Name)}"));

    /// <summary>One COPY row, its fields in column order.</summary>
    public void Copy(CopyRows copy, TRow row)
    {
        copy.StartRow((short)_columns.Length);
        foreach (var column in _columns) column.Copy(copy, row);
    }

    /// <summary>One array parameter per column, in order, for <see cref="Unnest"/>.</summary>
    public void AddArrays(NpgsqlParameterCollection parameters, IReadOnlyList<TRow> rows)
    {
        foreach (var column in _columns) parameters.Add(column.Array(rows));
    }
}

/// <summary>A column: its name, its SQL type, its value in a COPY row and as an array parameter.</summary>
public sealed record Column<TRow>(string Name, string SqlType, Action<CopyRows, TRow> Copy, Func<IReadOnlyList<TRow>, NpgsqlParameter> Array);

/// <summary>Columns by type: the value's rule is given once and serves both the COPY and the array form.</summary>
public static class Column
{
    // A UTF-8 column's bytes are written here and copied into the COPY buffer: one buffer per thread, reused row after row.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_utf8;

    public static Column<TRow> Text<TRow>(string name, Func<TRow, string?> value) =>
        new(name, "text", (copy, row) => copy.Text(value(row)), rows => Array(rows, value, NpgsqlDbType.Text));

    /// <summary>A text or json column whose value a serialiser writes as UTF-8 (no string in between for COPY).</summary>
    public static Column<TRow> Utf8<TRow>(string name, string sqlType, Action<IBufferWriter<byte>, TRow> write) =>
        new(name, sqlType,
            (copy, row) =>
            {
                var buffer = t_utf8 ??= new ArrayBufferWriter<byte>(1024);
                buffer.ResetWrittenCount();
                write(buffer, row);
                copy.Text(buffer.WrittenSpan);
            },
            rows => Array(rows, row =>
            {
                var buffer = new ArrayBufferWriter<byte>(512);
                write(buffer, row);
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }, NpgsqlDbType.Text));

    public static Column<TRow> Bigint<TRow>(string name, Func<TRow, long> value) =>
        new(name, "bigint", (copy, row) => copy.Bigint(value(row)), rows => Array(rows, value, NpgsqlDbType.Bigint));

    public static Column<TRow> Boolean<TRow>(string name, Func<TRow, bool> value) =>
        new(name, "boolean", (copy, row) => copy.Boolean(value(row)), rows => Array(rows, value, NpgsqlDbType.Boolean));

    /// <summary>timestamptz; the array form sends UTC, as PostgreSQL stores it.</summary>
    public static Column<TRow> Instant<TRow>(string name, Func<TRow, DateTimeOffset?> value) =>
        new(name, "timestamptz", (copy, row) => copy.Instant(value(row)), rows => Array(rows, row => value(row)?.UtcDateTime, NpgsqlDbType.TimestampTz));

    public static Column<TRow> Date<TRow>(string name, Func<TRow, DateOnly?> value) =>
        new(name, "date", (copy, row) => copy.Date(value(row)), rows => Array(rows, value, NpgsqlDbType.Date));

    private static NpgsqlParameter Array<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> value, NpgsqlDbType type)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = value(rows[i]);
        return new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type };
    }
}
