using Npgsql;

namespace DebtPositions.Bulk;

// The uploaded file read back from its 1 MiB chunks, one chunk in memory at a time. BytesRead is what the parser has
// pulled so far (the job's progress and ETA).
internal sealed class StoredFile(NpgsqlDataSource dataSource, Guid importId) : ForwardOnlyStream
{
    private byte[] _chunk = [];
    private int _offset;
    private int _seq;
    private bool _end;

    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset == _chunk.Length)
        {
            if (_end || !await NextChunkAsync(cancellationToken)) return 0;
        }
        var count = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        BytesRead += count;
        return count;
    }

    private async Task<bool> NextChunkAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT data FROM {DebtPositionsDb.Schema}.import_chunks WHERE import_id = $1 AND seq = $2");
        command.Parameters.AddWithValue(importId);
        command.Parameters.AddWithValue(_seq);
        if (await command.ExecuteScalarAsync(ct) is not byte[] data)
        {
            _end = true;
            return false;
        }
        (_chunk, _offset) = (data, 0);
        _seq++;
        return data.Length > 0 || await NextChunkAsync(ct);
    }

    protected override long ReadSoFar => BytesRead;
}
