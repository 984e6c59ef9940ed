using Gateway;
using Gateway.Access;
using Gateway.Audit;
using ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(onStationPath: true);
builder.AddGatewayAccess();
builder.AddRequestLimits();
builder.AddRouteTable();

var app = builder.Build();
if (await app.RunCommandAsync(args)) return;
app.UseHeaderHygiene();
app.MapDefaultEndpoints();
app.UseRateLimiter();
app.MapKeysApi();
app.MapAuditApi();
app.MapReverseProxy(proxy => proxy.UseAuditLog().UseStationLimits());
app.Run();

public partial class Program;
