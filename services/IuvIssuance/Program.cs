using IuvIssuance;
using IuvIssuance.Consumers;
using IuvIssuance.Notices;
using IuvIssuance.Notices.Batches;
using ServiceDefaults;
using ServiceDefaults.Health;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<IuvDb>();
builder.AddMessaging<IuvDb>(bus =>
{
    bus.AddBatchConsumer<DebtPositionChangedConsumer>();
    bus.AddConsumer<DebtPositionsImportedConsumer>();
    bus.AddConsumer<AmountScheduleComputedConsumer>();
});
builder.Services.AddScoped<IuvAllocator>();
builder.Services.AddStartUpTrim();
builder.AddNotices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIuvApi();
app.MapNoticesApi();
app.MapNoticeBatchesApi();
await app.RunOrMigrateAsync(IuvDb.Schema, args);

public partial class Program;
