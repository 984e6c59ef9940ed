using Reporting;
using Reporting.Consumers;
using ServiceDefaults;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<ReportingDb>();
builder.AddMessaging<ReportingDb>(bus =>
{
    bus.AddConsumer<PaymentRecordedConsumer>();
    bus.AddConsumer<ReportingFlowDownloadedConsumer>();
});
builder.Services.AddSingleton<ReportingMetrics>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReportingApi();
await app.RunOrMigrateAsync(ReportingDb.Schema, args);

public partial class Program;
