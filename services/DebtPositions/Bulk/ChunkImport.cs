using DebtPositions.Iuv;
using DebtPositions.Validation;
using Microsoft.Extensions.Options;
using Contracts.DebtPositions;
using Npgsql;
using ServiceDefaults.Messaging;

namespace DebtPositions.Bulk;

// One chunk of rows: each validated with the single-position API's rules, then checked against the chunk and the
// database (IUPD and client IUVs unique per EC), numbered from IuvIssuance blocks, built as positions (created, and
// published when asked), then committed by ChunkWriter. A row is all or nothing; a rejected row costs nothing but its
// lines in the error report.
internal sealed class ChunkImport(NpgsqlDataSource dataSource, IuvIssuanceClient iuvs, IOptions<ImportOptions> options, TimeProvider time)
{
    // Chunks prepared but perhaps not committed yet (two queued, one being written, one of margin): their
    // IUPDs and IUVs are not in the database for the duplicate check, so they are remembered here.
    private const int UncommittedChunks = 4;
    private readonly Queue<NoticeNumber> _free = new();
    private readonly Queue<(HashSet<string> Iupds, HashSet<string> Iuvs)> _recent = new();

    // Checks, numbers and builds the positions of rows; nothing is written yet.
    public async Task<PreparedChunk> PrepareAsync(PendingImport import, int chunk, List<ImportRow> rows, long bytesRead, long expectedRows, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rejected = new List<Rejection>();
        var valid = new List<ImportRow>(rows.Count);
        foreach (var row in rows)
        {
            var errors = row.ReadErrors ?? Validate(row.Draft!, now);
            if (errors.Count == 0) valid.Add(row);
            else Reject(rejected, row, errors);
        }
        var (accepted, clientNumbers) = await WithoutConflictsAsync(import.Organization, valid, rejected, ct);
        var missing = accepted.Sum(r => r.Draft!.Options!.Count(o => string.IsNullOrEmpty(o.Iuv)));
        var issued = await TakeAsync(import.Organization, missing, expectedRows, ct);
        var positions = new List<Position>(accepted.Count);
        foreach (var row in accepted)
        {
            var draft = row.Draft!;
            var numbers = draft.Options!.Select(o => string.IsNullOrEmpty(o.Iuv) ? issued.Dequeue() : clientNumbers[o.Iuv]).ToList();
            var position = Position.Create(import.Organization, draft.Iupd!, draft.ToContent(import.Organization, numbers), import.Cause, now);
            if (import.ToPublish) position.Publish(import.Cause, now);
            position.ImportedBy(import.Id);
            positions.Add(position);
        }
        // Everything but the writing happens here, off the writer's connection: snapshots and their event, COPY rows.
        // Drafts are not on pagoPA: no event, as for single positions.
        var rowsToCopy = positions.Count == 0 ? null : await ChunkRows.EncodeAsync(dataSource, positions, ct);
        var message = positions.Count == 0 || positions[0].PendingChange is not { } change ? null
            : OutboxModel.PrepareForOutbox(new DebtPositionsImported(import.Id, chunk, positions.Select(p => p.ToSnapshot()).ToList(), change, import.Cause, now), time);
        return new PreparedChunk(positions.Count, rowsToCopy, rejected, rows.Count, bytesRead, message, now);
    }

    // The single API's rules, plus what bulk does not do: actualised amounts (see ADR 0008).
    private static Dictionary<string, string[]> Validate(PositionDraft draft, DateTimeOffset now)
    {
        var errors = PositionValidator.Validate(draft, now);
        var options = draft.Options ?? [];
        for (var i = 0; i < options.Count; i++)
            if (options[i].ActualisationRule is not null)
                errors[$"paymentOption[{i}].actualisationRule"] = ["positions with an actualisation rule are created one by one (POST …/debtpositions), not imported"];
        return errors;
    }

    private static void Reject(List<Rejection> rejected, ImportRow row, Dictionary<string, string[]> errors)
    {
        foreach (var (field, reasons) in errors)
            foreach (var reason in reasons)
                rejected.Add(new Rejection(row.Line, row.Iupd, row.FieldName(field), reason));
    }

    // Drops (and reports) rows whose IUPD or client IUV is already used, in this chunk or in the EC; validates client
    // IUVs.
    private async Task<(List<ImportRow> Accepted, Dictionary<string, NoticeNumber> ClientNumbers)> WithoutConflictsAsync(
        string organization, List<ImportRow> rows, List<Rejection> rejected, CancellationToken ct)
    {
        var existingIupds = await ExistingAsync("positions", "iupd", organization, rows.Select(r => r.Iupd!).ToArray(), ct);
        var clientIuvs = rows.SelectMany(r => r.Draft!.Options!).Select(o => o.Iuv).OfType<string>().Where(i => i.Length > 0).ToArray();
        var existingIuvs = clientIuvs.Length == 0 ? [] : await ExistingAsync("payment_options", "iuv", organization, clientIuvs, ct);
        var (iupds, iuvsSeen, accepted) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), new List<ImportRow>(rows.Count));
        if (_recent.Count == UncommittedChunks) _recent.Dequeue();
        _recent.Enqueue((iupds, iuvsSeen));
        var numbers = new Dictionary<string, NoticeNumber>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (_recent.Any(r => r.Iupds.Contains(row.Iupd!))) errors["iupd"] = [$"debt position {row.Iupd} appears earlier in the file"];
            else if (existingIupds.Contains(row.Iupd!)) errors["iupd"] = [$"debt position {row.Iupd} already exists for organization {organization}"];
            else iupds.Add(row.Iupd!);
            var options = row.Draft!.Options!;
            for (var i = 0; i < options.Count && errors.Count == 0; i++)
            {
                if (string.IsNullOrEmpty(options[i].Iuv)) continue;
                var iuv = options[i].Iuv!;
                if (existingIuvs.Contains(iuv) || _recent.Any(r => r.Iuvs.Contains(iuv)) || !iuvsSeen.Add(iuv)) { errors[$"paymentOption[{i}].iuv"] = [$"iuv {iuv} is already used by another notice of organization {organization}"]; continue; }
                // Client IUVs are checked one by one (format, segregation code, check digit): the slow path; leave iuv empty to have it allocated.
                var verdict = await iuvs.ValidateAsync(organization, iuv, ct) ?? throw NotConfigured(organization);
                if (verdict.Valid) numbers[iuv] = new NoticeNumber(verdict.Iuv!, verdict.Nav!);
                else errors[$"paymentOption[{i}].iuv"] = [$"{verdict.Reason} ({verdict.Code})"];
            }
            if (errors.Count == 0) accepted.Add(row);
            else Reject(rejected, row, errors);
        }
        return (accepted, numbers);
    }

    // Which of values the EC already uses: one probe of the unique index per value, whatever the table's size and
    // statistics (ADR 0096). A LATERAL subquery with a LIMIT is never merged into a join, so the planner runs it once per
    // value, and for one value the unique index is its cheapest plan. `column = ANY($2)` is read instead as a scan of the
    // whole table (or of all the EC's rows) while the table is small or not analysed yet: every chunk of a first import.
    internal static string ExistingQuery(string table, string column) => $"""
        SELECT k.value FROM unnest($2::text[]) AS k(value)
        CROSS JOIN LATERAL (SELECT 1 FROM {DebtPositionsDb.Schema}.{table} t
                            WHERE t.organization_fiscal_code = $1 AND t.{column} = k.value LIMIT 1) AS used
        """;

    private async Task<HashSet<string>> ExistingAsync(string table, string column, string organization, string[] values, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ExistingQuery(table, column));
        command.Parameters.AddWithValue(organization);
        command.Parameters.AddWithValue(values);
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add(reader.GetString(0));
        return found;
    }

    // New notice numbers from blocks of up to IuvBlock: one IuvIssuance call per ten chunks instead of one per
    // position. A block is sized to the rows still expected, so an import leaves few unused IUVs (lost like sequence
    // values if the import is cancelled or fails).
    private async Task<Queue<NoticeNumber>> TakeAsync(string organization, int count, long expectedRows, CancellationToken ct)
    {
        while (_free.Count < count)
        {
            var ask = (int)Math.Clamp(Math.Max(count - _free.Count, expectedRows), 1, options.Value.IuvBlock);
            var block = await iuvs.AllocateAsync(organization, ask, ct) ?? throw NotConfigured(organization);
            foreach (var number in block) _free.Enqueue(number);
        }
        var taken = new Queue<NoticeNumber>(count);
        for (var i = 0; i < count; i++) taken.Enqueue(_free.Dequeue());
        return taken;
    }

    private static ImportFailed NotConfigured(string organization) =>
        new($"organization {organization} has no IUV configuration in IuvIssuance: notice numbers can be neither issued nor validated");
}

// A chunk ready to commit: its rows to copy, its rejected rows, its event when published, where the file stands.
internal sealed record PreparedChunk(
    int Imported, ChunkRows? Rows, List<Rejection> Rejected, int RowsRead, long BytesRead, OutboxMessage? Event, DateTimeOffset PreparedAt);

// One line of the error report.
internal sealed record Rejection(long Line, string? Iupd, string Field, string Reason);
