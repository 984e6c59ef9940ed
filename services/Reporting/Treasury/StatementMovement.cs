namespace Reporting.Treasury;

/// <summary>One movement read from a statement, before it is stored: what every format maps to.</summary>
/// <param name="Where">Where it sits in the file (an element path or a CSV line), for people reading problems and movements.</param>
/// <param name="CollectionDocument">False for treasury documents that are not incoming money in their own right (an OPI reversale regularising a provisional already booked).</param>
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

/// <summary>A reason a file is refused, and where in it.</summary>
internal sealed record FileProblem(string Where, string Problem);

/// <summary>A whole file read: its format and version, and either its movements or why it is refused.</summary>
internal sealed record ParsedStatement(string Format, string Version, IReadOnlyList<StatementMovement> Movements, IReadOnlyList<FileProblem> Problems)
{
    public static ParsedStatement Refused(string format, string version, IReadOnlyList<FileProblem> problems) => new(format, version, [], problems);

    public bool IsValid => Problems.Count == 0;
}
