using IuvIssuance;
using ServiceDefaults;
using ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDb<IuvDb>();
builder.Services.AddScoped<IuvAllocator>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIuvApi();
await app.RunOrMigrateAsync(IuvDb.Schema, args);

public partial class Program;
