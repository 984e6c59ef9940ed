namespace DebtPositions.Bulk;

// Why an upload is refused while it streams (size, compression ratio, content): the handler turns it into a
// ProblemDetails.
internal sealed class UploadRefused(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

// Counts the bytes read from a stream and asks check after every read whether to go on: size caps hold even where the
// server's own body-size limit does not apply (chunked bodies, multipart, tests), and a decompressing reader can
// compare its output with the compressed input (zip bombs).
internal sealed class CountingStream(Stream inner, Func<long, UploadRefused?> check) : ForwardOnlyStream
{
    public long Count { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Count += read;
        if (check(Count) is { } refused) throw refused;
        return read;
    }

    protected override long ReadSoFar => Count;
}
