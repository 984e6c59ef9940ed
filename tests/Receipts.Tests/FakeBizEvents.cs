using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Contracts.NodeAdapter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Receipts.Tests;

// One call the fake biz-events got.
internal sealed record BizEventsCall(string Organization, string Iur, string Iuv, string? SubscriptionKey);

// pagoPA's biz-events receipt API on loopback (Kestrel): answers CtReceiptModelResponse for the receipts a test put
// in it, 404 ProblemJson for anything else, and records every call.
internal sealed class FakeBizEvents : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string, string, string), JsonObject> _receipts = new();
    private readonly ConcurrentQueue<BizEventsCall> _calls = new();

    private FakeBizEvents(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;
    public IReadOnlyList<BizEventsCall> Calls => [.. _calls];

    public static async Task<FakeBizEvents> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBizEvents(app);
        app.MapGet("/organizations/{org}/receipts/{iur}/paymentoptions/{iuv}", (string org, string iur, string iuv, HttpRequest request) =>
        {
            fake._calls.Enqueue(new(org, iur, iuv, request.Headers["Ocp-Apim-Subscription-Key"].FirstOrDefault()));
            return fake._receipts.TryGetValue((org, iur, iuv), out var receipt)
                ? Results.Json(receipt)
                : Results.Json(new { title = "Not found", status = 404, detail = "no such receipt" }, statusCode: 404);
        });
        await app.StartAsync();
        fake.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    // Makes biz-events hold r, written as its OpenAPI says (euro amounts, Italian local time).
    public void Holds(ReceiptReceived r) => _receipts[(r.OrganizationFiscalCode, r.ReceiptId, r.Iuv)] = new JsonObject
    {
        ["receiptId"] = r.ReceiptId,
        ["noticeNumber"] = r.NoticeNumber,
        ["fiscalCode"] = r.OrganizationFiscalCode,
        ["outcome"] = "OK",
        ["creditorReferenceId"] = r.Iuv,
        ["paymentAmount"] = r.AmountCents / 100m,
        ["description"] = r.Description,
        ["companyName"] = r.CompanyName,
        ["debtor"] = new JsonObject { ["entityUniqueIdentifierType"] = "F", ["entityUniqueIdentifierValue"] = r.DebtorFiscalCode, ["fullName"] = r.DebtorName },
        ["transferList"] = new JsonArray(r.Transfers.Select(t => (JsonNode)new JsonObject
        {
            ["idTransfer"] = t.IdTransfer, ["transferAmount"] = t.AmountCents / 100m, ["fiscalCodePA"] = t.FiscalCodePA, ["iban"] = t.Iban,
            ["remittanceInformation"] = t.RemittanceInformation, ["transferCategory"] = t.Category,
        }).ToArray()),
        ["idPSP"] = r.PspId,
        ["pspCompanyName"] = r.PspCompanyName,
        ["idChannel"] = r.ChannelId,
        ["payer"] = r.PayerFiscalCode is null ? null : new JsonObject { ["entityUniqueIdentifierType"] = "F", ["entityUniqueIdentifierValue"] = r.PayerFiscalCode },
        ["paymentMethod"] = r.PaymentMethod,
        ["fee"] = r.FeeCents / 100m,
        ["paymentDateTime"] = TimeZoneInfo.ConvertTime(r.PaymentDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome"))
            .ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        ["applicationDate"] = r.ApplicationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

// The service with receipt recovery against a FakeBizEvents, rounds every 100 ms, two attempts at most.
public class RecoveryApp : ReceiptsApp
{
    internal FakeBizEvents BizEvents { get; private set; } = null!;

    protected virtual int MaxCallsPerWindow => 100;

    public override async Task InitializeAsync()
    {
        BizEvents = await FakeBizEvents.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("ReceiptRecovery:BaseUrl", BizEvents.BaseUri.AbsoluteUri),
        new("ReceiptRecovery:SubscriptionKey", "test-subscription"),
        new("ReceiptRecovery:Interval", "00:00:00.100"),
        new("ReceiptRecovery:RetrySlot", "00:00:00.100"),
        new("ReceiptRecovery:MaxAttempts", "2"),
        new("ReceiptRecovery:MaxCallsPerWindow", MaxCallsPerWindow.ToString(CultureInfo.InvariantCulture)),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await BizEvents.DisposeAsync();
    }
}

// pagoPA's quota, scaled down: three calls per hour.
public sealed class ThrottledRecoveryApp : RecoveryApp
{
    protected override int MaxCallsPerWindow => 3;
}
