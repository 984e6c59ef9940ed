using Gateway;
using ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRequestLimits();
builder.AddRouteTable();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseClientIdentity();
app.UseRateLimiter();
app.MapReverseProxy();
app.Run();

public partial class Program;
