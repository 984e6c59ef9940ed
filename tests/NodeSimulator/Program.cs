using NodeSimulator;
using NodeSimulator.Checkout;
using NodeSimulator.Clock;
using NodeSimulator.BizEvents;
using NodeSimulator.Demands;
using NodeSimulator.Fdr;
using NodeSimulator.Io;
using NodeSimulator.Mail;
using NodeSimulator.Load;
using NodeSimulator.Payments;
using NodeSimulator.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddNodeSimulator();
builder.AddBizEvents();
builder.AddMailSink();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
// No dependencies of its own: up is ready (the run script and Flows.Tests poll /health).
app.MapGet("/health", () => TypedResults.Ok("healthy"));
app.MapGet("/health/live", () => TypedResults.Ok("healthy"));
app.MapPaymentsApi();
app.MapDemandsApi();
app.MapLoadApi();
app.MapFlowsApi();
app.MapFdrOrganizationsApi();
app.MapWebhookReceiverApi();
app.MapCheckout();
app.MapSpontaneousCheckout();
app.MapBizEventsApi();
app.MapSimulatorClock();
app.MapMailApi();
app.MapIoApi();
await app.RunAsync();
