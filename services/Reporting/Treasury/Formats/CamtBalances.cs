using System.Xml.Linq;

namespace Reporting.Treasury.Formats;

// A camt.053 statement that states its opening (OPBD, or PRCD) and closing (CLBD) booked balances says how much its
// booked entries must add up to (RECONCILIATION.md §1.1): when they do not, entries are missing or wrong, and the
// movements read from it cannot be trusted to be the whole day (ADR 0054).
internal static class CamtBalances
{
    // The check of one statement, or null when it does not state both balances in one currency its booked entries
    // share.
    public static StatementBalance? Check(XElement statement, string where, string account)
    {
        var balances = statement.All("Bal").ToList();
        // A page of a paginated statement states the interim booked balance (ITBD) where the page opens or closes mid-day.
        var paged = statement.E("StmtPgntn") is not null;
        var opening = Balance(balances, "OPBD") ?? Balance(balances, "PRCD") ?? (paged ? Balance(balances, "ITBD") : null);
        var closing = Balance(balances, "CLBD") ?? (paged ? Balance(balances, "ITBD", last: true) : null);
        if (opening is null || closing is null || opening.Value.Element == closing.Value.Element || opening.Value.Currency != closing.Value.Currency) return null;
        var (credits, debits) = (0L, 0L);
        foreach (var entry in statement.All("Ntry"))
        {
            if ((entry.Path("Sts", "Cd").Text() ?? entry.E("Sts").Text()) != "BOOK") continue;
            var amount = entry.E("Amt");
            if (amount is null || amount.Attribute("Ccy")?.Value != opening.Value.Currency || Xml.Cents(amount.Value) is not { } cents) return null;
            if (entry.E("CdtDbtInd").Text() == "CRDT") credits += cents;
            else debits += cents;
        }
        var sequence = long.TryParse(statement.E("ElctrncSeqNb").Text() ?? statement.E("LglSeqNb").Text(), out var n) ? n : (long?)null;
        var page = int.TryParse(statement.Path("StmtPgntn", "PgNb").Text(), out var p) ? p : (int?)null;
        return new StatementBalance(where, statement.E("Id").Text(), opening.Value.Currency, opening.Value.Cents, credits, debits, closing.Value.Cents,
            account.Length > 0 ? account : null, opening.Value.Date, closing.Value.Date, sequence, page);
    }

    private static (XElement Element, string Currency, long Cents, DateOnly? Date)? Balance(List<XElement> balances, string code, bool last = false)
    {
        var matching = balances.Where(b => b.Path("Tp", "CdOrPrtry", "Cd").Text() == code);
        var balance = last ? matching.LastOrDefault() : matching.FirstOrDefault();
        var amount = balance.E("Amt");
        if (balance is null || amount is null || amount.Attribute("Ccy")?.Value is not { } currency || Xml.Cents(amount.Value) is not { } cents) return null;
        var date = Xml.Date(balance.Path("Dt", "Dt").Text() ?? balance.Path("Dt", "DtTm").Text());
        return (balance, currency, balance.E("CdtDbtInd").Text() == "DBIT" ? -cents : cents, date);
    }
}
