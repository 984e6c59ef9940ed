using Reporting;
using Reporting.Classification;
using Reporting.Consumers;
using Reporting.Treasury;
using ServiceDefaults;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<ReportingDb>();
builder.AddMessaging<ReportingDb>(bus =>
{
    bus.AddBatchConsumer<PaymentRecordedConsumer>();
    bus.AddConsumer<ReportingFlowDownloadedConsumer>();
    bus.AddBatchConsumer<DebtPositionChangedConsumer>();
    bus.AddConsumer<DebtPositionsImportedConsumer>();
});
builder.Services.AddSingleton<ReportingMetrics>();
builder.Services.AddScoped<TreasuryImport>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReportingApi();
app.MapTreasuryApi();
app.MapReconciliationApi();
await app.RunOrMigrateAsync(ReportingDb.Schema, args);

public partial class Program;
