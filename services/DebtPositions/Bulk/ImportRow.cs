namespace DebtPositions.Bulk;

// One position read from an import file: the draft the single-position API validates, or the errors that kept it from
// being read. FieldName names a validator's JSON path the way the file does (a CSV column, a JSON path inside the
// file).
internal sealed record ImportRow(
    long Line, PositionDraft? Draft, Dictionary<string, string[]>? ReadErrors, Func<string, string> FieldName, string? RawIupd = null)
{
    // The position's IUPD, also for a row that could not be read (for the error report).
    public string? Iupd => Draft?.Iupd ?? RawIupd;
}
