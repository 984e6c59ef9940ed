using System.Xml.Linq;

namespace Reporting.Treasury.Formats;

// One camt Ntry : one movement, or one per TxDtls when the bank booked a batch and says each amount.
internal static class CamtEntry
{
    public static IEnumerable<StatementMovement> Read(XElement entry, string where, string account, DateOnly? reportDate, List<FileProblem> problems)
    {
        var amount = entry.E("Amt");
        var cents = Xml.Cents(amount?.Value ?? "");
        if (cents is null)
        {
            problems.Add(new(where + "/Amt", $"amount '{amount?.Value}' has fractions of a cent"));
            return [];
        }
        var booking = Xml.Date(entry.Path("BookgDt", "Dt").Text() ?? entry.Path("BookgDt", "DtTm").Text())
                      ?? Xml.Date(entry.Path("ValDt", "Dt").Text() ?? entry.Path("ValDt", "DtTm").Text()) ?? reportDate;
        if (booking is null)
        {
            problems.Add(new(where, "the entry has no booking date, no value date, and its report no creation date"));
            return [];
        }
        var status = entry.Path("Sts", "Cd").Text() ?? entry.E("Sts").Text();
        var head = new StatementMovement(where, account, amount!.Attribute("Ccy")?.Value ?? "EUR",
            IsCredit: entry.E("CdtDbtInd").Text() == "CRDT",
            IsReversal: entry.E("RvslInd").Text() is "true" or "1",
            IsBooked: status == "BOOK",
            cents.Value, booking.Value,
            Xml.Date(entry.Path("ValDt", "Dt").Text() ?? entry.Path("ValDt", "DtTm").Text()),
            // The bank's reference, never NtryRef: that numbers the entries of one report, and would make two files'
            // different movements look like one (KnownMovements).
            entry.E("AcctSvcrRef").Text(),
            null, null, null, entry.E("AddtlNtryInf").Text() ?? "");
        var transactions = entry.All("NtryDtls").SelectMany(d => d.All("TxDtls")).ToList();
        var amounts = transactions.Select(TransactionAmount).ToList();
        if (transactions.Count > 1 && amounts.All(a => a is not null && Xml.Cents(a.Value) is not null))
            return transactions.Select((tx, t) => WithTransaction(head with
            {
                Where = $"{where}/TxDtls[{t + 1}]",
                AmountCents = Xml.Cents(amounts[t]!.Value)!.Value,
                IsCredit = (tx.E("CdtDbtInd").Text() ?? entry.E("CdtDbtInd").Text()) == "CRDT",
            }, [tx]));
        return [WithTransaction(head, transactions)];
    }

    private static XElement? TransactionAmount(XElement tx) =>
        tx.E("Amt") ?? tx.Path("AmtDtls", "TxAmt", "Amt") ?? tx.Path("AmtDtls", "InstdAmt", "Amt");

    private static StatementMovement WithTransaction(StatementMovement movement, IReadOnlyList<XElement> transactions)
    {
        var first = transactions.FirstOrDefault();
        var refs = first.E("Refs");
        var parties = first.E("RltdPties");
        // Ustrd lines are one text cut in pieces of 140 (an id may be split across two): joined without a separator.
        var texts = transactions.Select(tx => string.Concat(tx.Path("RmtInf").All("Ustrd").Select(u => u.Value.Trim())))
            .Concat(transactions.Select(tx => tx.E("AddtlTxInf")?.Value ?? ""))
            .Append(movement.Remittance)
            .Where(t => !string.IsNullOrWhiteSpace(t));
        return movement with
        {
            BankReference = refs.E("AcctSvcrRef").Text() ?? movement.BankReference,
            Trn = refs.E("ClrSysRef").Text(),
            EndToEndId = refs.E("EndToEndId").Text(),
            Counterparty = parties.Path("Dbtr", "Nm").Text() ?? parties.Path("Dbtr", "Pty", "Nm").Text() ?? parties.Path("InitgPty", "Nm").Text(),
            Remittance = string.Join(' ', texts.Select(t => string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))),
        };
    }
}
