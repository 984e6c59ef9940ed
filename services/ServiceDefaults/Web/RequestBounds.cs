namespace ServiceDefaults.Web;

/// <summary>
/// Bounds every API applies to what a client may send, so that no value can overflow arithmetic, a
/// date calculation or a database index further in.
/// </summary>
public static class RequestBounds
{
    /// <summary>pagoPA's stAmount: at most 999,999,999.99 euro, i.e. 99,999,999,999 cents.</summary>
    public const long MaxAmountCents = 99_999_999_999;

    /// <summary>The calendar a request may speak of: wide enough for any debt, narrow enough that adding days or time zones never overflows.</summary>
    public static readonly DateOnly FirstDay = new(1900, 1, 1);

    public static readonly DateOnly LastDay = new(2999, 12, 31);

    /// <summary>List paging: page × size stays below this, so the offset fits and the query stays a query.</summary>
    public const long MaxListOffset = 10_000_000;

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public const string IdempotencyKeyRule = "the Idempotency-Key header has 1 to 128 visible ASCII characters (U+0021–U+007E)";

    public static string? AmountProblem(long cents, long min = 1) =>
        cents < min ? $"must be at least {min} cent{(min == 1 ? "" : "s")}"
        : cents > MaxAmountCents ? $"must be at most {MaxAmountCents} cents (999,999,999.99 euro, pagoPA's stAmount)"
        : null;

    public static string? DayProblem(DateOnly day) =>
        day < FirstDay || day > LastDay ? $"must be between {FirstDay:yyyy-MM-dd} and {LastDay:yyyy-MM-dd}" : null;

    public static string? DayProblem(DateTimeOffset instant) =>
        instant.Year < FirstDay.Year || instant.Year > LastDay.Year ? $"must be between {FirstDay:yyyy-MM-dd} and {LastDay:yyyy-MM-dd}" : null;

    public static bool IsIdempotencyKey(string key) => key.Length is >= 1 and <= 128 && key.All(c => c is >= '!' and <= '~');
}
