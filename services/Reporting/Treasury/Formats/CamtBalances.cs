using System.Xml.Linq;

namespace Reporting.Treasury.Formats;

/// <summary>
/// A camt.053 statement that states its opening (OPBD, or PRCD) and closing (CLBD) booked balances says how much its
/// booked entries must add up to (RECONCILIATION.md §1.1): when they do not, entries are missing or wrong, and the
/// movements read from it cannot be trusted to be the whole day (ADR 0054).
/// </summary>
internal static class CamtBalances
{
    /// <summary>The check of one statement, or null when it does not state both balances in one currency its booked entries share.</summary>
    public static StatementBalance? Check(XElement statement, string where)
    {
        var opening = Balance(statement, "OPBD") ?? Balance(statement, "PRCD");
        var closing = Balance(statement, "CLBD");
        if (opening is null || closing is null || opening.Value.Currency != closing.Value.Currency) return null;
        var (credits, debits) = (0L, 0L);
        foreach (var entry in statement.All("Ntry"))
        {
            if ((entry.Path("Sts", "Cd").Text() ?? entry.E("Sts").Text()) != "BOOK") continue;
            var amount = entry.E("Amt");
            if (amount is null || amount.Attribute("Ccy")?.Value != opening.Value.Currency || Xml.Cents(amount.Value) is not { } cents) return null;
            if (entry.E("CdtDbtInd").Text() == "CRDT") credits += cents;
            else debits += cents;
        }
        return new StatementBalance(where, statement.E("Id").Text(), opening.Value.Currency, opening.Value.Cents, credits, debits, closing.Value.Cents);
    }

    private static (string Currency, long Cents)? Balance(XElement statement, string code)
    {
        var balance = statement.All("Bal").FirstOrDefault(b => b.Path("Tp", "CdOrPrtry", "Cd").Text() == code);
        var amount = balance.E("Amt");
        if (balance is null || amount is null || amount.Attribute("Ccy")?.Value is not { } currency || Xml.Cents(amount.Value) is not { } cents) return null;
        return (currency, balance.E("CdtDbtInd").Text() == "DBIT" ? -cents : cents);
    }
}
