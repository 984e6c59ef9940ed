namespace Reporting.Treasury;

// One movement read from a statement, before it is stored: what every format maps to. Where: Where it sits in the
// file (an element path or a CSV line), for people reading problems and movements. CollectionDocument: False for
// treasury documents that are not incoming money in their own right (an OPI reversale regularising a provisional
// already booked).
internal sealed record StatementMovement(
    string Where,
    string Account,
    string Currency,
    bool IsCredit,
    bool IsReversal,
    bool IsBooked,
    long AmountCents,
    DateOnly BookingDate,
    DateOnly? ValueDate,
    string? BankReference,
    string? Trn,
    string? EndToEndId,
    string? Counterparty,
    string Remittance,
    int? ProvisionalYear = null,
    string? ProvisionalNumber = null,
    bool CollectionDocument = true);

// A reason a file is refused, and where in it.
internal sealed record FileProblem(string Where, string Problem);

// A statement's stated opening and closing booked balances, and what its booked entries add up to (cents, signed).
// With its account and dates it also takes its place in the account's chain of statements (ADR 0066); Sequence and
// Page order the statements (or pages) of one day.
internal sealed record StatementBalance(string Where, string? StatementId, string Currency, long OpeningCents, long CreditCents, long DebitCents, long ClosingCents,
    string? Account = null, DateOnly? OpeningDate = null, DateOnly? ClosingDate = null, long? Sequence = null, int? Page = null)
{
    public long DifferenceCents => ClosingCents - (OpeningCents + CreditCents - DebitCents);

    public bool AddsUp => DifferenceCents == 0;

    public string Describe() =>
        $"{Where}{(StatementId is null ? "" : $" ({StatementId})")}: opening {OpeningCents} + credits {CreditCents} - debits {DebitCents} = "
        + $"{OpeningCents + CreditCents - DebitCents} {Currency} cents, but the closing balance is {ClosingCents}";
}

// A whole file read: its format and version, and either its movements or why it is refused; Balances are the balance
// checks its statements allowed (none when no statement states both balances).
internal sealed record ParsedStatement(
    string Format, string Version, IReadOnlyList<StatementMovement> Movements, IReadOnlyList<FileProblem> Problems,
    IReadOnlyList<StatementBalance>? Balances = null)
{
    public static ParsedStatement Refused(string format, string version, IReadOnlyList<FileProblem> problems) => new(format, version, [], problems);

    public bool IsValid => Problems.Count == 0;

    public IReadOnlyList<StatementBalance> Unbalanced => Balances?.Where(b => !b.AddsUp).ToList() ?? [];

    // balanced, unbalanced, or not-stated (no statement states both balances).
    public string BalanceCheck => Balances is not { Count: > 0 } ? "not-stated" : Unbalanced.Count > 0 ? "unbalanced" : "balanced";
}
