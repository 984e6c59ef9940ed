using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace NodeSimulator.Mail;

// One e-mail the sink accepted, as the recipient would read it.
public sealed record ReceivedMail(long Id, string From, IReadOnlyList<string> To, string Subject, string Text, DateTimeOffset ReceivedAt);

// Every e-mail the sink accepted, in memory, in arrival order.
internal sealed class MailBox
{
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private long _next;

    public void Add(MimeMessage message) => _mails.Enqueue(new ReceivedMail(Interlocked.Increment(ref _next),
        message.From.Mailboxes.FirstOrDefault()?.Address ?? "", message.To.Mailboxes.Select(m => m.Address).ToList(),
        message.Subject ?? "", message.TextBody ?? "", DateTimeOffset.UtcNow));

    public IEnumerable<ReceivedMail> All => _mails;
}

// Plays the mail server reminders go through: a real SMTP server (SmtpServer) on loopback, port `Mail:SmtpPort`
// (none: no sink), that keeps what it receives in the MailBox instead of delivering it.
internal sealed class SmtpSink(MailBox box, IConfiguration configuration, ILogger<SmtpSink> logger) : BackgroundService
{
    public const string PortKey = "Mail:SmtpPort";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration.GetValue<int?>(PortKey) is not { } port) return;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("simulator.localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(box));
        logger.LogInformation("SMTP sink listening on 127.0.0.1:{Port}", port);
        await new SmtpServer.SmtpServer(options, services).StartAsync(stoppingToken);
    }

    private sealed class Store(MailBox box) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            box.Add(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
