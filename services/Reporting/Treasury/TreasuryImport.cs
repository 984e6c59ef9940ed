using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Persistence;

namespace Reporting.Treasury;

// How an upload ended: stored now, already stored (the same content earlier), refused with its problems, or refused
// because its balances do not add up (Unbalanced).
internal sealed record ImportOutcome(TreasuryFile? File, bool AlreadyImported, ParsedStatement? Refused, IReadOnlyList<StatementBalance>? Unbalanced = null);

// Stores a statement whole or not at all: it is read and checked completely first, then the file and every movement
// commit in one transaction. The same content for the same EC is one import (unique SHA-256); the same movement in
// two files counts once (KnownMovements); a statement whose booked entries do not add up to its stated balances is
// refused unless the operator accepts it as it is (ADR 0054).
internal sealed class TreasuryImport(ReportingDb db, TimeProvider time)
{
    // Imports of one EC take turns (a transaction-scoped advisory lock in this key space): two files carrying the
    // same movement, uploaded at once, must each see the other's movements or none.
    private const int ImportLockSpace = 0x7e5;

    public async Task<ImportOutcome> ImportAsync(string organization, byte[] file, string? format, bool acceptUnbalanced, string uploadedBy, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        if (await FindAsync(organization, sha256, ct) is { } earlier) return new(earlier, true, null);
        var statement = StatementFormats.Read(file, format);
        if (!statement.IsValid) return new(null, false, statement);
        if (statement.Unbalanced.Count > 0 && !acceptUnbalanced) return new(null, false, null, statement.Unbalanced);

        var stored = TreasuryFile.Of(organization, sha256, statement, file.LongLength, uploadedBy, time.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ImportLockSpace}, hashtext({organization}))", ct);
        db.TreasuryFiles.Add(stored);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("ux_treasury_files_content"))
        {
            // The same file uploaded twice at once: the other upload stored it.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new(await FindAsync(organization, sha256, ct), true, null);
        }
        var repeats = await KnownMovements.FindAsync(db, organization, statement.Movements, ct);
        db.TreasuryMovements.AddRange(statement.Movements.Select((m, i) => TreasuryMovement.From(organization, stored.Id, m, repeats[i])));
        db.TreasuryStatementBalances.AddRange(TreasuryStatementBalance.Of(organization, stored.Id, statement.Balances ?? []));
        stored.CountAlreadyKnown(repeats.Count(r => r is not null));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(stored, false, null);
    }

    private Task<TreasuryFile?> FindAsync(string organization, string sha256, CancellationToken ct) =>
        db.TreasuryFiles.AsNoTracking().SingleOrDefaultAsync(f => f.OrganizationFiscalCode == organization && f.Sha256 == sha256, ct);
}
