namespace Contracts.DebtPositions;

/// <summary>
/// A debt position changed state or content. Carries the whole position as it is after the change,
/// so read models (NodeAdapter, Actualisation, Reporting) can replace what they hold when
/// <see cref="DebtPositionSnapshot.Version"/> is newer than theirs and ignore it otherwise.
/// </summary>
/// <param name="Position">The position after the change.</param>
/// <param name="Change">What happened (see <see cref="DebtPositionChanges"/>).</param>
/// <param name="Cause">Who or what caused it: "api:&lt;caller&gt;", "receipt:&lt;receiptId&gt;", "flow:&lt;flowId&gt;", "job:expiry".</param>
/// <param name="OccurredAt">When the change was committed.</param>
public sealed record DebtPositionChanged(
    DebtPositionSnapshot Position,
    string Change,
    string Cause,
    DateTimeOffset OccurredAt);

/// <summary>The values of <see cref="DebtPositionChanged.Change"/>.</summary>
public static class DebtPositionChanges
{
    /// <summary>Published on pagoPA (status PUBLISHED or VALID).</summary>
    public const string Published = "published";
    /// <summary>Content updated while published.</summary>
    public const string Updated = "updated";
    /// <summary>Validity date reached: PUBLISHED → VALID.</summary>
    public const string Validated = "validated";
    /// <summary>Invalidated by the EC (INVALID).</summary>
    public const string Invalidated = "invalidated";
    /// <summary>Expired after its due date (EXPIRED).</summary>
    public const string Expired = "expired";
    /// <summary>Re-validated by the EC after INVALID or EXPIRED, keeping its notice numbers.</summary>
    public const string Revalidated = "revalidated";
    /// <summary>Some instalments paid (PARTIALLY_PAID).</summary>
    public const string PartiallyPaid = "partially-paid";
    /// <summary>Fully paid (PAID).</summary>
    public const string Paid = "paid";
    /// <summary>Every paid transfer reported by a reporting flow (REPORTED).</summary>
    public const string Reported = "reported";
}
