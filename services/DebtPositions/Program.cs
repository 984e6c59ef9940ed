using DebtPositions;
using DebtPositions.Bulk;
using DebtPositions.Coercive;
using DebtPositions.Consumers;
using DebtPositions.Gpd;
using DebtPositions.GpdMassive;
using DebtPositions.GpdV2;
using DebtPositions.GpdV3;
using DebtPositions.ImportList;
using DebtPositions.Iuv;
using DebtPositions.Lifecycle;
using DebtPositions.Spontaneous;
using DebtPositions.Statement;
using DebtPositions.StatusCounts;
using ServiceDefaults;
using ServiceDefaults.Health;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<DebtPositionsDb>();
builder.AddMessaging<DebtPositionsDb>(bus =>
{
    // Two batches at once: payments of different positions do not wait on each other, and their locks are taken in one order.
    bus.AddBatchConsumer<PaymentRecordedConsumer>(o => o.ConcurrencyLimit = 2);
    bus.AddConsumer<TransfersReconciledConsumer>();
    bus.AddConsumer<CreateSpontaneousPositionConsumer>();
    bus.AddConsumer<ReminderSentConsumer>();
});
builder.AddIuvIssuance();
builder.Services.AddGpdJson();
builder.Services.AddWarmUp<SpontaneousDemandWarmUp>();
builder.Services.AddStartUpTrim();
builder.Services.AddHostedService<LifecycleJob>();
builder.AddBulkImport();
builder.AddGpdMassive();
builder.AddCoerciveCollection();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDebtPositionsApi();
app.MapDebtPositionsV2Api();
app.MapDebtPositionsV3Api();
app.MapStatementApi();
app.MapSpontaneousServicesApi();
app.MapImportsApi();
app.MapMassiveApi();
app.MapImportListApi();
app.MapCoerciveApi();
app.MapStatusCountsApi();
await app.RunOrMigrateAsync(DebtPositionsDb.Schema, args);

public partial class Program;
