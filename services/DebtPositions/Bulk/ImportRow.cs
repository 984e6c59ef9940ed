using DebtPositions.Gpd;

namespace DebtPositions.Bulk;

/// <summary>
/// One position read from an import file: the GPD v1 model the single-position API validates, or the
/// errors that kept it from being read. <see cref="FieldName"/> names a validator's JSON path the way
/// the file does (a CSV column, a JSON path inside the file).
/// </summary>
internal sealed record ImportRow(
    long Line, PaymentPositionModel? Model, Dictionary<string, string[]>? ReadErrors, Func<string, string> FieldName, string? RawIupd = null)
{
    /// <summary>The position's IUPD, also for a row that could not be read (for the error report).</summary>
    public string? Iupd => Model?.Iupd ?? RawIupd;
}
