using Receipts;
using Receipts.Consumers;
using Receipts.Gpd;
using Receipts.Pdf;
using Receipts.Webhooks;
using ServiceDefaults;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<ReceiptsDb>();
builder.AddMessaging<ReceiptsDb>(bus =>
{
    bus.AddConsumer<ReceiptReceivedConsumer>();
    bus.AddConsumer<DebtPositionChangedConsumer>();
    bus.AddConsumer<TransfersReconciledConsumer>();
});
builder.AddWebhooks();
builder.AddReceiptPdf();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReceiptsApi();
app.MapReceiptPdf();
app.MapGpdReceiptsApi();
app.MapWebhooksApi();
await app.RunOrMigrateAsync(ReceiptsDb.Schema, args);

public partial class Program;
