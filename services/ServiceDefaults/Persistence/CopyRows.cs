using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace ServiceDefaults.Persistence;

/// <summary>
/// Rows encoded in memory in PostgreSQL's binary COPY format (header, rows of length-prefixed fields, trailer), to be
/// sent later by <see cref="CopyAsync"/>. A bulk writer encodes on a thread of its own and its database transaction
/// only streams bytes: the encoding leaves the path where the connection waits (ADR 0017). Each value is written in
/// the column type's binary form, so the caller writes fields in the COPY statement's column order and types.
/// </summary>
public sealed class CopyRows
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private readonly ArrayBufferWriter<byte> _buffer;
    private bool _sent;

    public CopyRows(int initialBytes = 64 * 1024)
    {
        _buffer = new ArrayBufferWriter<byte>(initialBytes);
        _buffer.Write(Signature);
        Int32(0); // flags: no OIDs
        Int32(0); // no header extension
    }

    public int Rows { get; private set; }

    public void StartRow(short fields)
    {
        if (_sent) throw new InvalidOperationException("these rows were sent: their trailer is written");
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), fields);
        _buffer.Advance(2);
        Rows++;
    }

    public void Null() => Int32(-1);

    public void Bigint(long value)
    {
        var span = _buffer.GetSpan(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        _buffer.Advance(12);
    }

    public void Integer(int value)
    {
        var span = _buffer.GetSpan(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
        _buffer.Advance(8);
    }

    public void Boolean(bool value)
    {
        var span = _buffer.GetSpan(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
        _buffer.Advance(5);
    }

    /// <summary>text, varchar and json columns (json's binary form is its text).</summary>
    public void Text(string? value) => Utf8(value, jsonbVersion: false);

    /// <summary>A text column already encoded as UTF-8 (a serialiser's output), copied as it is.</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        var span = _buffer.GetSpan(4 + utf8.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, utf8.Length);
        utf8.CopyTo(span[4..]);
        _buffer.Advance(4 + utf8.Length);
    }

    /// <summary>Consecutive text columns.</summary>
    public void Text(params ReadOnlySpan<string?> values)
    {
        foreach (var value in values) Text(value);
    }

    /// <summary>jsonb columns: a version byte, then the text (PostgreSQL parses it).</summary>
    public void Jsonb(string? value) => Utf8(value, jsonbVersion: true);

    /// <summary>timestamptz: microseconds since 2000-01-01 UTC, whatever the offset given.</summary>
    public void Instant(DateTimeOffset? value)
    {
        if (value is not { } v) { Null(); return; }
        Bigint((v.UtcTicks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>Consecutive timestamptz columns.</summary>
    public void Instant(params ReadOnlySpan<DateTimeOffset?> values)
    {
        foreach (var value in values) Instant(value);
    }

    /// <summary>date: days since 2000-01-01.</summary>
    public void Date(DateOnly? value)
    {
        if (value is not { } d) { Null(); return; }
        Integer(d.DayNumber - PostgresEpochDay);
    }

    public void Uuid(Guid value)
    {
        var span = _buffer.GetSpan(20);
        BinaryPrimitives.WriteInt32BigEndian(span, 16);
        value.TryWriteBytes(span.Slice(4, 16), bigEndian: true, out _);
        _buffer.Advance(20);
    }

    private void Utf8(string? value, bool jsonbVersion)
    {
        if (value is null) { Null(); return; }
        var prefix = jsonbVersion ? 5 : 4;
        var span = _buffer.GetSpan(prefix + Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, span[prefix..]);
        BinaryPrimitives.WriteInt32BigEndian(span, written + prefix - 4);
        if (jsonbVersion) span[4] = 1;
        _buffer.Advance(prefix + written);
    }

    private void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Streams the rows into <paramref name="copyFromStdinBinary"/> (a <c>COPY … FROM STDIN (FORMAT BINARY)</c>) on the connection's transaction.</summary>
    /// Sent once: the trailer ends the rows.
    public async Task CopyAsync(NpgsqlConnection connection, string copyFromStdinBinary, CancellationToken ct)
    {
        if (!_sent)
        {
            BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), -1);
            _buffer.Advance(2);
            _sent = true;
        }
        await using var stream = await connection.BeginRawBinaryCopyAsync(copyFromStdinBinary, ct);
        await stream.WriteAsync(_buffer.WrittenMemory, ct);
    }
}
