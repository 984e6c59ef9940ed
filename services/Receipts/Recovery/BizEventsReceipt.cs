using ServiceDefaults.Time;
using System.Globalization;
using Contracts.NodeAdapter;

namespace Receipts.Recovery;

// biz-events' CtReceiptModelResponse (the fields the archive needs). Money in euro, as a JSON number.
internal sealed record BizEventsReceipt(
    string? ReceiptId, string? NoticeNumber, string? FiscalCode, string? Outcome, string? CreditorReferenceId,
    decimal? PaymentAmount, string? Description, string? CompanyName, BizEventsSubject? Debtor,
    IReadOnlyList<BizEventsTransfer>? TransferList, string? IdPSP, string? PspCompanyName, string? IdChannel,
    BizEventsSubject? Payer, string? PaymentMethod, decimal? Fee, string? PaymentDateTime, string? ApplicationDate,
    string? TransferDate)
{
    // Why this answer cannot be archived as the receipt asked for, or null.
    public string? Problem(string organization, string iur, string iuv)
    {
        if (FiscalCode != organization || ReceiptId != iur || CreditorReferenceId != iuv)
            return $"answer is for {FiscalCode}/{ReceiptId}/{CreditorReferenceId}, not {organization}/{iur}/{iuv}";
        if (NoticeNumber is null || PaymentAmount is null || IdPSP is null || PaymentDateTime is null || TransferList is not { Count: > 0 })
            return "noticeNumber, paymentAmount, idPSP, paymentDateTime and transferList are required";
        if (PaymentTime() is null) return $"paymentDateTime '{PaymentDateTime}' is not a date-time";
        if (Cents(PaymentAmount.Value) != TransferList.Sum(t => Cents(t.TransferAmount ?? 0)))
            return "paymentAmount is not the sum of the transfers";
        return null;
    }

    // The receipt as the archive takes it from the Node, marked as recovered rather than sent.
    public ReceiptReceived ToReceived(bool standIn, DateTimeOffset now) => new(
        FiscalCode!, ReceiptId!, NoticeNumber!, CreditorReferenceId!, Outcome ?? "OK", Cents(PaymentAmount!.Value),
        Description ?? "", CompanyName ?? "", Debtor?.EntityUniqueIdentifierValue ?? "", Debtor?.FullName ?? "",
        Payer?.EntityUniqueIdentifierValue, IdPSP!, PspCompanyName ?? IdPSP!, IdChannel ?? "", PaymentMethod,
        Fee is { } fee ? Cents(fee) : null, PaymentTime()!.Value, Day(ApplicationDate), Day(TransferDate), standIn,
        TransferList!.Select(t => new ReceiptTransfer(t.IdTransfer, Cents(t.TransferAmount ?? 0), t.FiscalCodePA ?? FiscalCode!,
            t.MbdAttachment is null ? t.Iban : null, t.RemittanceInformation ?? "", t.TransferCategory ?? "", t.MbdAttachment is not null)).ToList(),
        Anomaly: null, SoapVersion: "biz-events", OccurredAt: now);

    // With an offset as given; without one, Italian wall-clock time, as the Node writes receipts.
    private DateTimeOffset? PaymentTime()
    {
        if (!DateTime.TryParse(PaymentDateTime, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)) return null;
        return parsed.Kind == DateTimeKind.Unspecified ? RomeCalendar.InstantOf(parsed) : new DateTimeOffset(parsed.ToUniversalTime());
    }

    private static DateOnly? Day(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static long Cents(decimal euros) => (long)decimal.Round(euros * 100, MidpointRounding.AwayFromZero);
}

internal sealed record BizEventsSubject(string? EntityUniqueIdentifierType, string? EntityUniqueIdentifierValue, string? FullName);

internal sealed record BizEventsTransfer(
    int IdTransfer, decimal? TransferAmount, string? FiscalCodePA, string? Iban, string? MbdAttachment,
    string? RemittanceInformation, string? TransferCategory);
