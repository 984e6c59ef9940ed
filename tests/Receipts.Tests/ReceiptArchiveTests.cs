using System.Net;
using System.Net.Http.Json;
using Contracts.NodeAdapter;
using Contracts.Receipts;
using Receipts;
using Testing;
using Xunit;

namespace Receipts.Tests;

public sealed class ReceiptArchiveTests(ReceiptsApp app) : IClassFixture<ReceiptsApp>
{
    private static ReceiptReceived Sample(string receiptId, string iuv) => new(
        "77777777777", receiptId, "3" + iuv, iuv, "OK", 12_050, "TARI 2026", "Comune di Test", "RSSMRA80A01H501U",
        "Mario Rossi", null, "PSPTEST01", "PSP Test", "PSPTEST01_01", "PO", 100,
        new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.FromHours(1)), new DateOnly(2026, 11, 20), null, false,
        [new ReceiptTransfer(1, 12_050, "77777777777", "IT60X0542811101000000123456", "TARI", "9/0101108TS/", false)],
        null, "V2", DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_receipt_delivered_twice_is_archived_once_and_announced_once()
    {
        _ = app.Server; // boots the service: bus, consumers, outbox relay
        var deliveries = Deliveries.Attach(app.Services);
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var recorded = await Recorded.ObserveAsync(bus);
        var receipt = Sample("rcpt-dup-1", "01000000000000123");
        var messageId = Guid.NewGuid();

        await bus.PublishAsync(receipt, messageId);
        await bus.PublishAsync(receipt, messageId);
        var secondId = Guid.NewGuid();
        await bus.PublishAsync(receipt, secondId); // same receipt, new message id: the natural key still holds

        var queue = (await deliveries.OfAsync(messageId, 2))[0].Queue;
        await deliveries.OfAsync(secondId);
        await recorded.SettleAsync(app.Database, ReceiptsDb.Schema);
        Assert.Single(recorded.Seen, p => p.ReceiptId == "rcpt-dup-1");
        Assert.All(deliveries.Done.Where(d => d.MessageId == messageId || d.MessageId == secondId), d => Assert.Null(d.Fault));
        await Deliveries.AssertNothingFaultedOrSkippedAsync(app.VirtualHost, queue);
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM receipts.inbox_messages WHERE message_id = '{secondId}'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM receipts.receipts WHERE receipt_id = 'rcpt-dup-1'"));
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM receipts.inbox_messages WHERE message_id = '{messageId}'"));
    }

    [Fact]
    public async Task An_archived_receipt_reads_back_through_the_api_exactly_as_received_and_an_unknown_one_is_a_404_problem()
    {
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var client = app.CreateClient();
        await bus.PublishAsync(Sample("rcpt-api-1", "01000000000000456"));

        await Eventually.AnswersAsync(() =>
            client.GetAsync("/api/receipts/organizations/77777777777/receipts/rcpt-api-1"),
            TimeSpan.FromSeconds(20), "receipt archived");
        // Archived means kept as received: the legal fields and the whole receipt come back as they were delivered.
        var archived = await client.GetFromJsonAsync<ArchivedReceipt>("/api/receipts/organizations/77777777777/receipts/rcpt-api-1");
        var sent = Sample("rcpt-api-1", "01000000000000456");
        Assert.Equal(("77777777777", "rcpt-api-1", "301000000000000456", "01000000000000456", 12_050L, sent.PaymentDateTime, "PSPTEST01", false),
            (archived!.OrganizationFiscalCode, archived.ReceiptId, archived.NoticeNumber, archived.Iuv, archived.AmountCents,
                archived.PaymentDateTime, archived.PspId, archived.StandIn));
        Assert.Equal(sent with { Transfers = [], OccurredAt = default }, archived.Receipt with { Transfers = [], OccurredAt = default });
        Assert.Equal(sent.Transfers, archived.Receipt.Transfers);
        var list = await client.GetFromJsonAsync<List<Dictionary<string, object>>>("/api/receipts/organizations/77777777777/receipts?iuv=01000000000000456");
        Assert.Single(list!);

        var missing = await client.GetAsync("/api/receipts/organizations/77777777777/receipts/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }
}

// The API's view of an archived receipt (services/Receipts/ReceiptsApi.cs ReceiptView).
internal sealed record ArchivedReceipt(string OrganizationFiscalCode, string ReceiptId, string NoticeNumber, string Iuv, long AmountCents,
    DateTimeOffset PaymentDateTime, string PspId, bool StandIn, DateTimeOffset RecordedAt, ReceiptReceived Receipt);
