using Microsoft.EntityFrameworkCore;

namespace Reporting.Treasury;

// One statement's (or page's) stated balances, kept so that the next statement of its account can be chained to it
// (ADR 0066).
internal sealed class TreasuryStatementBalance
{
    private TreasuryStatementBalance() { }

    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public long FileId { get; private set; }
    public string Position { get; private set; } = "";
    public string? StatementId { get; private set; }
    public string Account { get; private set; } = "";
    public string Currency { get; private set; } = "";
    public long? Sequence { get; private set; }
    public int? Page { get; private set; }
    public DateOnly OpeningDate { get; private set; }
    public long OpeningCents { get; private set; }
    public DateOnly? ClosingDate { get; private set; }
    public long ClosingCents { get; private set; }

    // The links a statement can take in its account's chain: none without an account or an opening date.
    public static IEnumerable<TreasuryStatementBalance> Of(string organization, long fileId, IEnumerable<StatementBalance> balances) =>
        balances.Where(b => b is { Account: not null, OpeningDate: not null }).Select(b => new TreasuryStatementBalance
        {
            OrganizationFiscalCode = organization,
            FileId = fileId,
            Position = b.Where,
            StatementId = b.StatementId,
            Account = b.Account!,
            Currency = b.Currency,
            Sequence = b.Sequence,
            Page = b.Page,
            OpeningDate = b.OpeningDate!.Value,
            OpeningCents = b.OpeningCents,
            ClosingDate = b.ClosingDate,
            ClosingCents = b.ClosingCents,
        });
}

// A statement next to the one before it on its account (the view treasury_balance_chain ).
internal sealed class BalanceLink
{
    public long Id { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string Account { get; private set; } = "";
    public string Currency { get; private set; } = "";
    public long FileId { get; private set; }
    public string Position { get; private set; } = "";
    public string? StatementId { get; private set; }
    public int? Page { get; private set; }
    public DateOnly OpeningDate { get; private set; }
    public long OpeningCents { get; private set; }
    public long PreviousFileId { get; private set; }
    public string PreviousPosition { get; private set; } = "";
    public string? PreviousStatementId { get; private set; }
    public int? PreviousPage { get; private set; }
    public DateOnly? PreviousClosingDate { get; private set; }
    public long PreviousClosingCents { get; private set; }
    public long GapCents { get; private set; }
}

// A break in an account's chain of statements: this statement does not open with the closing balance of the one
// before. A file or page between them is missing (upload it), or one of the two does not belong to the account's
// history. GapCents: Opening balance minus the previous closing balance: what the missing movements add up to.
internal sealed record BalanceGapView(
    string Account, string Currency, long FileId, string Position, string? StatementId, int? Page, DateOnly OpeningDate, long OpeningCents,
    long PreviousFileId, string PreviousPosition, string? PreviousStatementId, int? PreviousPage, DateOnly? PreviousClosingDate, long PreviousClosingCents,
    long GapCents)
{
    public string Describe() =>
        $"{Position}{(StatementId is null ? "" : $" ({StatementId})")} of file {FileId} opens on {OpeningDate:yyyy-MM-dd} with {OpeningCents} {Currency} cents, "
        + $"but {PreviousPosition}{(PreviousStatementId is null ? "" : $" ({PreviousStatementId})")} of file {PreviousFileId} before it on account {Account} "
        + $"closed with {PreviousClosingCents}: {GapCents} cents of movements are missing between them";
}

// The gaps in the chains of an EC's accounts, all or those a file takes part in.
internal static class BalanceGaps
{
    public static async Task<BalanceGapView[]> FindAsync(ReportingDb db, string organization, long? fileId, string? account, CancellationToken ct)
    {
        var links = db.BalanceChain.AsNoTracking().Where(l => l.OrganizationFiscalCode == organization && l.GapCents != 0);
        if (fileId is not null) links = links.Where(l => l.FileId == fileId || l.PreviousFileId == fileId);
        if (account is not null) links = links.Where(l => l.Account == account);
        return await links.OrderBy(l => l.Account).ThenBy(l => l.Currency).ThenBy(l => l.OpeningDate).ThenBy(l => l.Id)
            .Select(l => new BalanceGapView(l.Account, l.Currency, l.FileId, l.Position, l.StatementId, l.Page, l.OpeningDate, l.OpeningCents,
                l.PreviousFileId, l.PreviousPosition, l.PreviousStatementId, l.PreviousPage, l.PreviousClosingDate, l.PreviousClosingCents, l.GapCents))
            .Take(1000).ToArrayAsync(ct);
    }
}
