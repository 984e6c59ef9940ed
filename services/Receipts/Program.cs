using Receipts;
using Receipts.Consumers;
using Receipts.Gpd;
using Receipts.Pdf;
using Receipts.Recovery;
using Receipts.Webhooks;
using ServiceDefaults;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<ReceiptsDb>();
builder.AddMessaging<ReceiptsDb>(bus =>
{
    bus.AddBatchConsumer<ReceiptReceivedConsumer>();
    bus.AddBatchConsumer<DebtPositionChangedConsumer>();
    bus.AddConsumer<TransfersReconciledConsumer>();
    bus.AddConsumer<ReconciliationAnomaliesConsumer>();
    bus.AddConsumer<DebtPositionsImportFinishedConsumer>();
    bus.AddConsumer<ReminderSentConsumer>();
    bus.AddConsumer<PositionsOverdueConsumer>();
});
builder.AddWebhooks();
builder.AddReceiptPdf();
builder.AddReceiptRecovery();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReceiptsApi();
app.MapReceiptPdf();
app.MapGpdReceiptsApi();
app.MapWebhooksApi();
app.MapRecoveriesApi();
await app.RunOrMigrateAsync(ReceiptsDb.Schema, args);

public partial class Program;
