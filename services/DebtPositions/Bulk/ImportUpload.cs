using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace DebtPositions.Bulk;

// POST …/imports: streams the body (raw or the "file" part of a multipart form; gzip when said so) into 1 MiB chunks
// in PostgreSQL while hashing it, inside one transaction, then queues the import. The same file (same SHA-256 once
// decompressed) for the same EC is the same import: 200 with it, nothing new.
internal static class ImportUpload
{
    private const int ChunkBytes = 1024 * 1024;

    public static async Task<IResult> Handle(string organizationfiscalcode, bool? toPublish, string? format, HttpContext http,
        NpgsqlDataSource dataSource, IOptions<ImportOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (!ServiceDefaults.Security.OrganizationCode.IsValid(organizationfiscalcode))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organizationfiscalcode"] = ["an EC fiscal code has 11 digits"] });
        var limits = options.Value;
        // Kestrel's default cap (30 MB) is for ordinary requests; this endpoint has its own, enforced again below while counting.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limits.MaxUploadBytes;
        if (http.Request.ContentLength > limits.MaxUploadBytes) return Problem(TooLarge(limits.MaxUploadBytes, "upload"));
        try
        {
            var wire = new CountingStream(http.Request.Body, n => n > limits.MaxUploadBytes ? TooLarge(limits.MaxUploadBytes, "upload") : null);
            var part = await FilePart.OpenAsync(http.Request, wire, limits, ct);
            var kind = Format(format, part);
            if (kind is null)
                return TypedResults.Problem("say what the file is: Content-Type text/csv or application/json, a .csv/.json file name, or ?format=csv|json",
                    statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported import format");
            var file = part.Gzip ? Decompressed(part.Body, wire, limits) : part.Body;
            return await StoreAsync(organizationfiscalcode, toPublish ?? false, kind, part.FileName, file, DebtPositionsApi.Cause(http.Request),
                dataSource, time, ct);
        }
        catch (UploadRefused refused)
        {
            return Problem(refused);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(TooLarge(limits.MaxUploadBytes, "upload"));
        }
        catch (IOException)
        {
            // MultipartReader's "Unexpected end of Stream": the body stopped before the closing boundary.
            return Problem(new UploadRefused(StatusCodes.Status400BadRequest, "Malformed multipart", "the upload ended before its closing boundary: a truncated or malformed multipart body"));
        }
        catch (InvalidDataException e)
        {
            return Problem(new UploadRefused(StatusCodes.Status400BadRequest, "Unreadable file", $"the file cannot be read: {e.Message}"));
        }
    }

    private static IResult Problem(UploadRefused r) => TypedResults.Problem(r.Message, statusCode: r.Status, title: r.Title);

    private static UploadRefused TooLarge(long limit, string what) =>
        new(StatusCodes.Status413PayloadTooLarge, "Import file too large", $"the {what} exceeds {limit} bytes; split the file");

    // gzip inflated under two guards: an absolute size cap and a ratio cap against decompression bombs.
    private static Stream Decompressed(Stream body, CountingStream wire, ImportOptions limits) =>
        new CountingStream(new GZipStream(body, CompressionMode.Decompress), n =>
            n > limits.MaxFileBytes ? TooLarge(limits.MaxFileBytes, "decompressed file")
            : n > ChunkBytes && n > limits.MaxCompressionRatio * Math.Max(wire.Count, 1)
                ? new UploadRefused(StatusCodes.Status400BadRequest, "Suspected decompression bomb",
                    $"the file inflates more than {limits.MaxCompressionRatio}:1; upload it uncompressed or split it")
                : null);

    private static string? Format(string? query, FilePart part)
    {
        var declared = query?.ToLowerInvariant() switch
        {
            "csv" => "csv",
            "json" => "json",
            _ => null,
        };
        if (declared is not null) return declared;
        var name = part.FileName?.ToLowerInvariant() ?? "";
        if (name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".csv.gz", StringComparison.Ordinal)) return "csv";
        if (name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".json.gz", StringComparison.Ordinal)) return "json";
        var type = part.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            "text/csv" => "csv",
            "application/json" => "json",
            _ => null,
        };
    }

    // internal: GPD's massive file API (GpdMassive/) stores the JSON it unzips through here.
    internal static async Task<IResult> StoreAsync(string organization, bool toPublish, string format, string? fileName, Stream file, string cause,
        NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ImportTransitions.CreateAsync(connection, id, organization, fileName, format, toPublish, cause, now, ct);
        var (hash, bytes) = await CopyChunksAsync(id, format, file, connection, tx, ct);

        try
        {
            await ImportTransitions.QueueAsync(connection, id, hash, bytes, ct);
            await tx.CommitAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ux_imports_org_hash")
        {
            await tx.RollbackAsync(ct);
            var existing = await ImportStatus.ReadAsync(connection, organization, null, hash, time.GetUtcNow(), ct);
            // GPD #1065: uploading a file again must not create its positions twice. The first import answers.
            return TypedResults.Ok(existing);
        }
        var status = await ImportStatus.ReadAsync(connection, organization, id, null, time.GetUtcNow(), ct);
        return TypedResults.Accepted(ImportsApi.Location(organization, id), status);
    }

    private static async Task<(string Hash, long Bytes)> CopyChunksAsync(Guid id, string format, Stream file, NpgsqlConnection connection,
        NpgsqlTransaction tx, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var insert = new NpgsqlCommand($"INSERT INTO {DebtPositionsDb.Schema}.import_chunks (import_id, seq, data) VALUES ($1, $2, $3)", connection, tx);
        var seqParameter = new NpgsqlParameter<int>();
        var dataParameter = new NpgsqlParameter<byte[]>();
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        insert.Parameters.Add(seqParameter);
        insert.Parameters.Add(dataParameter);
        var buffer = new byte[ChunkBytes];
        var (seq, total) = (0, 0L);
        while (true)
        {
            var filled = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            if (filled == 0) break;
            if (seq == 0 && FirstChunkProblem(format, buffer.AsSpan(0, filled)) is { } problem)
                throw new UploadRefused(StatusCodes.Status400BadRequest, "Unreadable file", problem);
            hash.AppendData(buffer, 0, filled);
            seqParameter.TypedValue = seq++;
            dataParameter.TypedValue = filled == buffer.Length ? buffer : buffer[..filled];
            await insert.ExecuteNonQueryAsync(ct);
            total += filled;
            if (filled < buffer.Length) break;
        }
        if (total == 0) throw new UploadRefused(StatusCodes.Status400BadRequest, "Empty file", "the uploaded file is empty");
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    // Refuse early what the job would refuse anyway: a CSV header it does not know, a JSON that is not an object or
    // array.
    private static string? FirstChunkProblem(string format, ReadOnlySpan<byte> start)
    {
        if (format == "csv")
        {
            var end = start.IndexOf((byte)'\n');
            return CsvPositions.CheckHeader(end < 0 ? start : start[..end]);
        }
        ReadOnlySpan<byte> blank = [(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n', 0xEF, 0xBB, 0xBF]; // whitespace and a UTF-8 BOM
        var first = start.IndexOfAnyExcept(blank);
        return first >= 0 && start[first] is (byte)'{' or (byte)'[' ? null
            : "a JSON import is {\"paymentPositions\": [...]} (GPD's bulk format) or an array of positions";
    }

    // The file inside the request: the raw body, or the first file part of a multipart form.
    private sealed record FilePart(Stream Body, string? FileName, string? ContentType, bool Gzip)
    {
        private const int MaxBoundary = 70;

        public static async Task<FilePart> OpenAsync(HttpRequest request, Stream wire, ImportOptions limits, CancellationToken ct)
        {
            if (!request.HasFormContentType || !MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
                || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var gzip = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                    || IsGzipType(request.ContentType);
                return new FilePart(wire, null, request.ContentType, gzip);
            }
            var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value
                ?? throw new UploadRefused(StatusCodes.Status400BadRequest, "Malformed multipart", "the multipart body has no boundary");
            // RFC 2046 §5.1.1; a longer one would not fit MultipartReader's buffer.
            if (boundary.Length is 0 or > MaxBoundary)
                throw new UploadRefused(StatusCodes.Status400BadRequest, "Malformed multipart", $"a multipart boundary has 1 to {MaxBoundary} characters");
            var reader = new MultipartReader(boundary, wire) { BodyLengthLimit = limits.MaxUploadBytes };
            for (var section = await reader.ReadNextSectionAsync(ct); section is not null; section = await reader.ReadNextSectionAsync(ct))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var gzip = IsGzipType(section.ContentType) || name?.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) == true;
                return new FilePart(section.Body, name, section.ContentType, gzip);
            }
            throw new UploadRefused(StatusCodes.Status400BadRequest, "No file", "the multipart form has no file part (GPD names it \"file\")");
        }

        private static bool IsGzipType(string? contentType) =>
            contentType?.Split(';')[0].Trim().ToLowerInvariant() is "application/gzip" or "application/x-gzip";
    }
}
