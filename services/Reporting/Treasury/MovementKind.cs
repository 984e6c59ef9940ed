namespace Reporting.Treasury;

/// <summary>What a movement is for reconciliation. Only a <see cref="Collection"/> can be matched as pagoPA money coming in.</summary>
internal static class MovementKind
{
    /// <summary>A booked credit in euro whose remittance carries a pagoPA marker (a flow id, an IUV, or a broken one).</summary>
    public const string Collection = "collection";
    /// <summary>A reversal (storno): takes back the money of the credit it reverses when it quotes the same flow.</summary>
    public const string Reversal = "reversal";
    /// <summary>Money going out; a debit quoting a flow id is a return of that flow's money.</summary>
    public const string Debit = "debit";
    /// <summary>Pending or information-only entries: not money on the account yet.</summary>
    public const string NotBooked = "not-booked";
    /// <summary>A credit that is not pagoPA's, in another currency, or a treasury document that regularises one already booked.</summary>
    public const string Other = "other";
    /// <summary>A movement an earlier file already reported (an intraday camt.054, then the day's camt.053): it counts once, as the earlier one.</summary>
    public const string Duplicate = "duplicate";

    public static readonly string[] All = [Collection, Reversal, Debit, NotBooked, Other, Duplicate];

    public static string Of(StatementMovement m, RemittanceReading reading) =>
        !m.IsBooked ? NotBooked
        : m.IsReversal ? Reversal
        : !m.IsCredit ? Debit
        : m.Currency == "EUR" && m.CollectionDocument && reading.LooksPagoPa ? Collection
        : Other;
}
