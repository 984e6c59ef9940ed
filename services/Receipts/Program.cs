using Receipts;
using Receipts.Consumers;
using ServiceDefaults;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<ReceiptsDb>();
builder.AddMessaging<ReceiptsDb>(bus => bus.AddConsumer<ReceiptReceivedConsumer>());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReceiptsApi();
await app.RunOrMigrateAsync(ReceiptsDb.Schema, args);

public partial class Program;
