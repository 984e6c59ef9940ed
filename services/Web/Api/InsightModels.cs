using System.Text.Json;
using System.Text.Json.Serialization;

namespace Web.Api;

// What the position page, the search and the dashboard read beyond positions: statements (DebtPositions),
// receipts (Receipts), reconciliation (Reporting), the gateway's audit log. Only the fields the pages show.

// A debtor's statement within one EC (DebtPositions: GET …/debtors/{fiscalCode}/statement).
public sealed record DebtorStatement(
    string OrganizationFiscalCode, string FiscalCode, DateOnly AsOf, long TotalDue, long TotalOverdue, long TotalPaid, List<StatementLine> Positions);

public sealed record StatementLine(
    string Iupd, string? RevenueType, string? ExternalReference, string Status, string Description, DateOnly? NextDueDate,
    long AmountDue, long AmountOverdue, long AmountPaid, List<string> PayableNavs);

// A receipt as Receipts lists it (the RT's own body is left out).
public sealed record ReceiptSummary(
    string ReceiptId, string NoticeNumber, string Iuv, long AmountCents, DateTimeOffset PaymentDateTime, string PspId, bool StandIn, DateTimeOffset RecordedAt);

// Reporting's three-way state of one payment (IUV): the least advanced of its transfers, and each transfer's labels.
public sealed record PaymentReconciliation(string Iuv, string State, List<TransferReconciliation> Transfers);

public sealed record TransferReconciliation(
    string Iuv, string Iur, int IdTransfer, string State, string[] Labels, long? PaidCents, DateTimeOffset? PaymentDateTime, string? PspId,
    string? FlowId, long? ReportedCents, DateOnly? RegulationDate);

// One reconciliation anomaly (a label that asks an operator to act).
public sealed record ReconciliationAnomaly(string Label, string Meaning, string? Iuv, string? FlowId, long? AmountCents, DateOnly? Day);

// The money an EC collected on one Italian day: the transfers of the receipts paid that day, and their sum.
public sealed record DayCollection(DateOnly Day, long CollectedCents, long CollectedTransfers);

// A write the gateway forwarded (the gateway's audit log; admin only).
public sealed record AuditEntry(DateTimeOffset At, string ClientId, string? Organization, string Method, string Path, int Status);

public sealed record WebhookDelivery(Guid Id, Guid SubscriptionId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt, int? LastStatusCode, string? LastError);

// A position linked to the one shown by a coercive re-issue (ADR 0049): the relation, in Italian, and the IUPD.
public sealed record LinkedPosition(string Relation, string Iupd);

internal static class Lineage
{
    // The position's re-issue links as DebtPositions answers them: reissuedAs and reissueOf.
    public static List<LinkedPosition> Of(IReadOnlyDictionary<string, JsonElement>? extra)
    {
        var links = new List<LinkedPosition>();
        foreach (var (field, relation) in new[] { ("reissueOf", "Riemissione di"), ("reissuedAs", "Riemessa come") })
            if (extra is not null && extra.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } iupd)
                links.Add(new LinkedPosition(relation, iupd));
        return links;
    }
}

// The EC's notice template (IuvIssuance): logo as base64 (PNG or JPEG) and the texts printed on its notices.
// Sent back as the PUT's body: the two members only the API writes are left out when unset, for its JSON is strict
// (ADR 0022).
public sealed record NoticeTemplate(
    string? Logo, string? CompanyName, string? Sector, string? Office, string? WhereToPay, string? Contacts, string? CbillCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LogoContentType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? UpdatedAt = null,
    string? PostalAccountHolder = null, string? PosteAuthorisation = null);

// A new subscription with its signing secret, which the API shows this once only.
public sealed record WebhookCreated(WebhookSubscription Subscription, string Secret);

public sealed record WebhookReplayed(int Replayed);

// How many of an EC's positions are in each status (DebtPositions: GET …/position-counts).
public sealed record PositionCounts(Dictionary<string, long> ByStatus, long Total)
{
    public long Of(string status) => ByStatus.GetValueOrDefault(status);
}
