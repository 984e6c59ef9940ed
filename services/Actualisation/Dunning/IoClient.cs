using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Refit;
using ServiceDefaults.Time;

namespace Actualisation.Dunning;

// The IO API for public administrations (docs/specs/io/io-services-api.yaml), the two operations reminders use.
internal interface IIoApi
{
    // getProfileByPOST: whether the citizen has IO and lets this service write to them.
    [Post("/profiles")]
    Task<IApiResponse<IoProfile>> GetProfileAsync([Body] IoFiscalCode payload, CancellationToken ct);

    // submitMessageforUserWithFiscalCodeInBody.
    [Post("/messages")]
    Task<IApiResponse<IoCreatedMessage>> SubmitMessageAsync([Body] IoNewMessage message, CancellationToken ct);
}

internal sealed record IoFiscalCode([property: JsonPropertyName("fiscal_code")] string FiscalCode);

internal sealed record IoProfile([property: JsonPropertyName("sender_allowed")] bool SenderAllowed);

internal sealed record IoCreatedMessage([property: JsonPropertyName("id")] string? Id);

internal sealed record IoNewMessage(
    [property: JsonPropertyName("fiscal_code")] string FiscalCode,
    [property: JsonPropertyName("content")] IoMessageContent Content,
    [property: JsonPropertyName("time_to_live")] int TimeToLive = 3600);

internal sealed record IoMessageContent(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("markdown")] string Markdown,
    [property: JsonPropertyName("payment_data")] IoPaymentData PaymentData,
    [property: JsonPropertyName("due_date")] DateTimeOffset DueDate);

internal sealed record IoPaymentData(
    [property: JsonPropertyName("amount")] long Amount,
    [property: JsonPropertyName("notice_number")] string NoticeNumber,
    [property: JsonPropertyName("invalid_after_due_date")] bool InvalidAfterDueDate,
    [property: JsonPropertyName("payee")] IoPayee Payee);

internal sealed record IoPayee([property: JsonPropertyName("fiscal_code")] string FiscalCode);

// A reminder through IO, as the API demands: the profile first, and a message only when the citizen has IO and has
// not turned this service off. Answers the channel's outcome; throws when IO could not be asked (retried next round).
internal sealed class IoReminders(IIoApi api)
{
    public async Task<string> SendAsync(DunningNotice notice, long amountCents, CancellationToken ct)
    {
        using (var profile = await api.GetProfileAsync(new IoFiscalCode(notice.DebtorFiscalCode), ct))
        {
            if (profile.StatusCode == HttpStatusCode.NotFound) return DunningChannels.Io + ":no-profile";
            if (profile.Error is { } error) throw error;
            if (profile.Content is not { SenderAllowed: true }) return DunningChannels.Io + ":not-allowed";
        }
        using var sent = await api.SubmitMessageAsync(Message(notice, amountCents), ct);
        if (sent.Error is { } failed) throw failed;
        return DunningChannels.Io;
    }

    private static IoNewMessage Message(DunningNotice notice, long amountCents)
    {
        var due = notice.DueDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        // IO wants a subject of 10–120 characters and a body of at least 80.
        var subject = $"Promemoria: avviso {notice.NoticeNumber}";
        var markdown = $"""
            **{notice.CompanyName}** le ricorda l'avviso di pagamento **{notice.NoticeNumber}** con scadenza **{due}**.

            Causale: {notice.Description}

            Importo: {ReminderMailer.Euro(amountCents)}. Può pagarlo direttamente da questo messaggio. Se ha già pagato, non tenga conto di questo promemoria.
            """;
        var dueInstant = RomeCalendar.EndOfDay(notice.DueDate);
        return new IoNewMessage(notice.DebtorFiscalCode, new IoMessageContent(subject[..Math.Min(subject.Length, 120)], markdown,
            new IoPaymentData(amountCents, notice.NoticeNumber, false, new IoPayee(notice.OrganizationFiscalCode)), dueInstant));
    }
}
