using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Actualisation.Dunning;

// Sends reminders and summaries through the configured SMTP server (MailKit), one connection per message.
internal sealed class ReminderMailer(IOptions<DunningOptions> options)
{
    // The services run with invariant globalization: Italian dates and amounts are written by hand.
    private static readonly string[] Months =
        ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"];
    private SmtpOptions Smtp => options.Value.Smtp;

    public bool Configured => Smtp.Configured;

    public Task SendReminderAsync(DunningNotice notice, string step, long amountCents, CancellationToken ct)
    {
        var subject = $"{notice.CompanyName}: promemoria di pagamento, avviso {notice.NoticeNumber}";
        var when = ItalianDate(notice.DueDate);
        var body = $"""
            Gentile {notice.DebtorName},

            {(step.StartsWith("after-", StringComparison.Ordinal) ? $"l'avviso di pagamento seguente è scaduto il {when} e risulta ancora da pagare." : $"le ricordiamo che l'avviso di pagamento seguente scade il {when}.")}

            Ente creditore: {notice.CompanyName}
            Causale: {notice.Description}
            Codice avviso: {notice.NoticeNumber}
            Importo: {Euro(amountCents)}

            Può pagare con pagoPA presso qualsiasi prestatore di servizi di pagamento, sull'app IO o sul sito dell'ente.
            Se ha già pagato, non tenga conto di questo messaggio.
            """;
        return SendAsync(notice.DebtorEmail!, notice.DebtorName, subject, body, ct);
    }

    public Task SendOverdueSummaryAsync(string to, string organization, DateOnly day, IReadOnlyList<DunningNotice> notices, CancellationToken ct)
    {
        var lines = notices.Select(n => $"{n.DueDate:yyyy-MM-dd}  {n.NoticeNumber}  {n.Iupd}  {Euro(n.AmountCents)}  {n.DebtorFiscalCode}");
        var body = $"""
            Avvisi scaduti e non pagati dell'ente {organization}, riepilogo del {day:yyyy-MM-dd}: {notices.Count}

            scadenza    codice avviso         posizione  importo  debitore
            {string.Join("\n", lines)}
            """;
        return SendAsync(to, null, $"Avvisi scaduti non pagati al {day:yyyy-MM-dd}: {notices.Count}", body, ct);
    }

    private async Task SendAsync(string to, string? toName, string subject, string body, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Smtp.FromName, Smtp.From));
        message.To.Add(new MailboxAddress(toName ?? "", to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        using var client = new SmtpClient { Timeout = (int)Smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(Smtp.Host!, Smtp.Port, Enum.Parse<SecureSocketOptions>(Smtp.Security, ignoreCase: true), ct);
        if (!string.IsNullOrEmpty(Smtp.User)) await client.AuthenticateAsync(Smtp.User, Smtp.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    // 12345 → "123,45 €", 123456789 → "1.234.567,89 €".
    public static string Euro(long cents) =>
        $"{(cents / 100).ToString("#,##0", CultureInfo.InvariantCulture).Replace(',', '.')},{cents % 100:00} €";

    public static string ItalianDate(DateOnly day) => $"{day.Day} {Months[day.Month - 1]} {day.Year}";

    // An address MailKit can send to (the debtor's e-mail comes from the EC's data as it was given).
    public static bool IsAddress(string? text) => text is { Length: > 2 and <= 254 } && MailboxAddress.TryParse(text, out var address) && address.Address.Contains('@');
}
