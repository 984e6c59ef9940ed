using NodeAdapter.Station;
using NodeAdapter;
using NodeAdapter.Consumers;
using NodeAdapter.Soap;
using ServiceDefaults;
using ServiceDefaults.Health;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(onStationPath: true);
builder.AddServiceDb<NodeAdapterDb>();
builder.AddMessaging<NodeAdapterDb>(bus =>
{
    bus.AddBatchConsumer<DebtPositionChangedConsumer>();
    bus.AddConsumer<DebtPositionsImportedConsumer>();
    bus.AddConsumer<AmountScheduleComputedConsumer>();
    bus.AddConsumer<NodeAdapter.Catalogue.SpontaneousServiceDefinedConsumer>();
    // paDemandPaymentNotice asks DebtPositions (owner of the spontaneous-service catalogue) to create the position.
    bus.AddRequestClient<Contracts.NodeAdapter.CreateSpontaneousPosition>();
});
builder.AddStation();
builder.Services.AddWarmUp<DemandWarmUp>();
builder.AddFlowPoller();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapStation();
app.MapNodeAdapterApi();
await app.RunOrMigrateAsync(NodeAdapterDb.Schema, args);

public partial class Program;
