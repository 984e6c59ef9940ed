namespace Reporting.Treasury;

// What a movement is for reconciliation. Only a Collection can be matched as pagoPA money coming in.
internal static class MovementKind
{
    // A booked credit in euro whose remittance carries a pagoPA marker (a flow id, an IUV, or a broken one).
    public const string Collection = "collection";
    // A reversal (storno): takes back the money of the credit it reverses when it quotes the same flow.
    public const string Reversal = "reversal";
    // Money going out; a debit quoting a flow id is a return of that flow's money.
    public const string Debit = "debit";
    // Pending or information-only entries: not money on the account yet.
    public const string NotBooked = "not-booked";
    // A credit that is not pagoPA's, in another currency, or a treasury document that regularises one already booked.
    public const string Other = "other";
    // A movement an earlier file already reported (an intraday camt.054, then the day's camt.053): it counts once, as
    // the earlier one.
    public const string Duplicate = "duplicate";

    public static readonly string[] All = [Collection, Reversal, Debit, NotBooked, Other, Duplicate];

    public static string Of(StatementMovement m, RemittanceReading reading) =>
        !m.IsBooked ? NotBooked
        : m.IsReversal ? Reversal
        : !m.IsCredit ? Debit
        : m.Currency == "EUR" && m.CollectionDocument && reading.LooksPagoPa ? Collection
        : Other;
}
