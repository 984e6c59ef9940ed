using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using DebtPositions.Bulk;
using DebtPositions.GpdV2;
using DebtPositions.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DebtPositions.GpdMassive;

// POST, PUT, DELETE …/brokers/{broker}/organizations/{ec}/debtpositions/file: a zip archive whose first entry is
// GPD's JSON ( gpd_massive*.json : {"paymentPositions": […]} , or {"paymentPositionIUPDs": […]} to delete), as GPD's
// upload service takes it. 202 with the status's Location; the same file again is a 409. A CREATE runs on the bulk
// import engine; an UPDATE or DELETE is worked through by MassiveJob.
internal static class MassiveUpload
{
    private const int MaxEntries = 10;

    public static Task<IResult> Create(string brokercode, string organizationfiscalcode, bool? toPublish, HttpRequest request,
        NpgsqlDataSource dataSource, IOptions<ImportOptions> limits, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, CancellationToken ct) =>
        Handle(MassiveOperations.Create, brokercode, organizationfiscalcode, toPublish ?? false, request, dataSource, limits.Value, json.Value.SerializerOptions, time, ct);

    public static Task<IResult> Update(string brokercode, string organizationfiscalcode, bool? toPublish, HttpRequest request,
        NpgsqlDataSource dataSource, IOptions<ImportOptions> limits, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, CancellationToken ct) =>
        Handle(MassiveOperations.Update, brokercode, organizationfiscalcode, toPublish ?? false, request, dataSource, limits.Value, json.Value.SerializerOptions, time, ct);

    public static Task<IResult> Delete(string brokercode, string organizationfiscalcode, HttpRequest request,
        NpgsqlDataSource dataSource, IOptions<ImportOptions> limits, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, CancellationToken ct) =>
        Handle(MassiveOperations.Delete, brokercode, organizationfiscalcode, false, request, dataSource, limits.Value, json.Value.SerializerOptions, time, ct);

    private static async Task<IResult> Handle(string operation, string broker, string organization, bool toPublish, HttpRequest request,
        NpgsqlDataSource dataSource, ImportOptions limits, JsonSerializerOptions json, TimeProvider time, CancellationToken ct)
    {
        if (Checks.EcFiscalCode(organization) is { } notEc) return Bad("Invalid organization", notEc);
        if (broker.Length is 0 or > 35 || !broker.All(char.IsAsciiLetterOrDigit)) return Bad("Invalid broker", "a broker code is 1 to 35 letters and digits");
        if (!request.HasFormContentType) return Bad("EMPTY FILE", "send the zip file as the \"file\" part of a multipart/form-data body");
        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { Length: > 0 } file) return Bad("EMPTY FILE", "The zip file is missing");
        if (!file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return Bad("NOT A ZIP FILE", "Only ZIP files can be uploaded.");
        if (file.Length > limits.MaxUploadBytes) return Bad("INVALID FILE", $"the zip exceeds {limits.MaxUploadBytes} bytes");
        try
        {
            await using var zipped = file.OpenReadStream();
            using var zip = new ZipArchive(zipped, ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries) return Bad("INVALID FILE", "Too many entries in ZIP file.");
            var entry = zip.Entries.FirstOrDefault(e => !e.FullName.EndsWith('/'));
            if (entry is null) return Bad("INVALID FILE", "No valid file found in ZIP.");
            if (!entry.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return Bad("INVALID FILE", "ZIP contains unsupported file type.");
            await using var content = await Unzipped(entry, file.Length, limits, ct);
            var hash = Convert.ToHexString(await SHA256.HashDataAsync(content, ct));
            content.Position = 0;
            var id = Guid.CreateVersion7();
            var cause = DebtPositionsApi.Cause(request);
            var stored = operation == MassiveOperations.Create
                ? await StoreCreateAsync(id, broker, organization, toPublish, entry.Name, content, hash, cause, dataSource, time, ct)
                : await StorePayloadAsync(id, operation, broker, organization, toPublish, content, hash, cause, dataSource, json, time, ct);
            if (stored is not null) return stored;
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return TypedResults.Accepted($"{request.PathBase}{request.Path}/{id}/status");
        }
        catch (InvalidDataException e)
        {
            return Bad("INVALID FILE", $"the zip cannot be read: {e.Message}");
        }
        catch (UploadRefused refused)
        {
            return TypedResults.Problem(refused.Message, statusCode: refused.Status, title: refused.Title);
        }
    }

    // The entry inflated into a temporary file, under the import's caps against zip bombs.
    private static async Task<FileStream> Unzipped(ZipArchiveEntry entry, long zippedBytes, ImportOptions limits, CancellationToken ct)
    {
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        await using (var inflating = new CountingStream(entry.Open(), n =>
            n > limits.MaxFileBytes ? new UploadRefused(StatusCodes.Status400BadRequest, "INVALID FILE", "Unzipped content exceeds size limit.")
            : n > 1 << 20 && n > limits.MaxCompressionRatio * Math.Max(zippedBytes, 1)
                ? new UploadRefused(StatusCodes.Status400BadRequest, "INVALID FILE", $"the entry inflates more than {limits.MaxCompressionRatio}:1")
                : null))
            await inflating.CopyToAsync(temp, ct);
        temp.Position = 0;
        return temp;
    }

    // A CREATE is a bulk import of GPD's JSON; the file row points at it. Null when accepted.
    private static async Task<IResult?> StoreCreateAsync(Guid id, string broker, string organization, bool toPublish, string fileName, Stream content,
        string hash, string cause, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        var stored = await ImportUpload.StoreAsync(organization, toPublish, "json", fileName, content, cause, dataSource, time, ct);
        if (stored is not Accepted<ImportStatus> { Value: { } import }) return Duplicate();
        return await InsertAsync(id, MassiveOperations.Create, broker, organization, toPublish, hash, import.Id, null, 0, cause, dataSource, time, ct);
    }

    // An UPDATE or DELETE keeps what it must do, as JSON, for the job. Null when accepted.
    private static async Task<IResult?> StorePayloadAsync(Guid id, string operation, string broker, string organization, bool toPublish, Stream content,
        string hash, string cause, NpgsqlDataSource dataSource, JsonSerializerOptions json, TimeProvider time, CancellationToken ct)
    {
        string payload;
        int count;
        try
        {
            if (operation == MassiveOperations.Update)
            {
                var model = await JsonSerializer.DeserializeAsync<MultiplePaymentPositionModel>(content, json, ct);
                if (model?.PaymentPositions is not { Count: > 0 } positions || positions.Any(p => p is null))
                    return Bad("INVALID DEBT POSITIONS", "the file needs a non-empty paymentPositions array");
                (payload, count) = (JsonSerializer.Serialize(positions, json), positions.Count);
            }
            else
            {
                var model = await JsonSerializer.DeserializeAsync<MultipleIUPDModel>(content, json, ct);
                if (model?.PaymentPositionIUPDs is not { Count: > 0 } iupds || iupds.Any(string.IsNullOrWhiteSpace))
                    return Bad("INVALID DEBT POSITIONS", "the file needs a non-empty paymentPositionIUPDs array of IUPDs");
                (payload, count) = (JsonSerializer.Serialize(iupds, json), iupds.Count);
            }
        }
        catch (JsonException e)
        {
            return Bad("INVALID JSON", $"Given JSON is invalid for required API payload: {e.Message}");
        }
        return await InsertAsync(id, operation, broker, organization, toPublish, hash, null, payload, count, cause, dataSource, time, ct);
    }

    private static async Task<IResult?> InsertAsync(Guid id, string operation, string broker, string organization, bool toPublish, string hash,
        Guid? importId, string? payload, int submitted, string cause, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO {DebtPositionsDb.Schema}.gpd_massive_files
                (id, organization_fiscal_code, broker_code, operation, file_hash, to_publish, import_id, payload, submitted, cause, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(organization);
        command.Parameters.AddWithValue(broker);
        command.Parameters.AddWithValue(operation);
        command.Parameters.AddWithValue(hash);
        command.Parameters.AddWithValue(toPublish);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)importId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)payload ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(submitted);
        command.Parameters.AddWithValue(cause);
        command.Parameters.AddWithValue(time.GetUtcNow());
        try
        {
            await command.ExecuteNonQueryAsync(ct);
            return null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Duplicate();
        }
    }

    private static IResult Duplicate() =>
        TypedResults.Problem("this file was already uploaded for the organization: its status and report are those of the first upload",
            statusCode: StatusCodes.Status409Conflict, title: "Conflict: duplicate file found");

    private static IResult Bad(string title, string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title);
}
