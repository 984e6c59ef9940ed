using Actualisation;
using Actualisation.Consumers;
using Actualisation.Dunning;
using Actualisation.Rules;
using ServiceDefaults;
using ServiceDefaults.Messaging;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<ActualisationDb>();
builder.AddMessaging<ActualisationDb>(bus => { bus.AddBatchConsumer<DebtPositionChangedConsumer>(); bus.AddDunningConsumers(); });
builder.AddAmountRules();
builder.AddFormalRules();
builder.AddDunning();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapActualisationApi();
await app.RunOrMigrateAsync(ActualisationDb.Schema, args);

public partial class Program;
