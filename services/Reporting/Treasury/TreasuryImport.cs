using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Persistence;

namespace Reporting.Treasury;

/// <summary>How an upload ended: stored now, already stored (the same content earlier), or refused with its problems.</summary>
internal sealed record ImportOutcome(TreasuryFile? File, bool AlreadyImported, ParsedStatement? Refused);

/// <summary>
/// Stores a statement whole or not at all: it is read and checked completely first, then the file and every
/// movement commit in one transaction. The same content for the same EC is one import (unique SHA-256).
/// </summary>
internal sealed class TreasuryImport(ReportingDb db, TimeProvider time)
{
    public async Task<ImportOutcome> ImportAsync(string organization, byte[] file, string? format, string uploadedBy, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        if (await FindAsync(organization, sha256, ct) is { } earlier) return new(earlier, true, null);
        var statement = StatementFormats.Read(file, format);
        if (!statement.IsValid) return new(null, false, statement);

        var stored = TreasuryFile.Of(organization, sha256, statement, file.LongLength, uploadedBy, time.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
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
        db.TreasuryMovements.AddRange(statement.Movements.Select(m => TreasuryMovement.From(organization, stored.Id, m)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(stored, false, null);
    }

    private Task<TreasuryFile?> FindAsync(string organization, string sha256, CancellationToken ct) =>
        db.TreasuryFiles.AsNoTracking().SingleOrDefaultAsync(f => f.OrganizationFiscalCode == organization && f.Sha256 == sha256, ct);
}
