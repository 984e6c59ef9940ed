using System.Text;

namespace DebtPositions.Bulk;

// A streaming RFC 4180 reader: quoted fields (with "" and line breaks inside), CRLF or LF, comma or semicolon
// (Italian spreadsheets) as separator, decided by the header line. One record in memory.
internal sealed class CsvRecords(TextReader reader)
{
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _field = new();
    private int _length;
    private int _position;
    private long _line = 1;
    private char? _separator;

    public List<string> Fields { get; } = [];

    // The line on which the current record starts (1 = the header).
    public long Line { get; private set; }

    public async ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        Fields.Clear();
        _field.Clear();
        var (quoted, afterQuote, any) = (false, false, false);
        Line = _line;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer, ct);
                _position = 0;
                if (_length == 0) return End(any);
            }
            var c = _buffer[_position++];
            _separator ??= DetectSeparator();
            if (quoted)
            {
                if (c == '"') { quoted = false; afterQuote = true; }
                else { if (c == '\n') _line++; _field.Append(c); }
                continue;
            }
            if (c == '"')
            {
                if (afterQuote) _field.Append('"'); // "" inside a quoted field
                quoted = true;
                afterQuote = false;
                any = true;
                continue;
            }
            afterQuote = false;
            if (c == _separator) { Fields.Add(_field.ToString()); _field.Clear(); any = true; }
            else if (c == '\n')
            {
                _line++;
                if (!any && _field.Length == 0) { Line = _line; continue; } // blank line
                Fields.Add(_field.ToString());
                return true;
            }
            else if (c != '\r') { _field.Append(c); any = true; }
        }
    }

    private bool End(bool any)
    {
        if (!any && _field.Length == 0) return false;
        Fields.Add(_field.ToString());
        return true;
    }

    // The header line decides: ';' when it has semicolons and no commas, else ','.
    private char DetectSeparator()
    {
        var header = _buffer.AsSpan(0, _length);
        var end = header.IndexOf('\n');
        if (end >= 0) header = header[..end];
        return header.Contains(';') && !header.Contains(',') ? ';' : ',';
    }
}
