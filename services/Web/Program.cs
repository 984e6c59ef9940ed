using ServiceDefaults;
using ServiceDefaults.Telemetry;
using Web.Access;
using Web.Api;
using Web.Localization;
using Web.Portal;
using Web.Security;

// `hash-password` reads a password on stdin and prints the hash for Web__LocalUsers__N__PasswordHash.
if (args is ["hash-password"])
{
    Console.WriteLine(LocalUsers.Hash(Console.In.ReadLine() ?? ""));
    return;
}

// The content root is the build output, where the assets are copied: `dotnet Web.dll` runs from anywhere.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddTelemetry();
builder.AddWebSecurity();
builder.AddSharedKeyRing();
builder.AddOperatorSignIn();
builder.AddCitizenSignIn();
builder.AddPlatformApi();
builder.AddPortal();
builder.AddWebLocalization();
builder.Services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/Backoffice").AllowAnonymousToPage("/Backoffice/Login")
    .AuthorizePage("/Portale/Estratto", CitizenSignIn.Policy)
    .AddPageRoute("/Backoffice/Positions/New", "/backoffice/posizioni/{ec}/{iupd}/modifica")); // editing a draft: the entry form again
builder.Services.AddHealthChecks();

var app = builder.Build();
app.UseMetricsEndpoint(); // before the pages' HTTPS rule: Prometheus scrapes the internal port over plain HTTP
app.UseWebSecurity();
app.UseWebAssets();
app.UseWebLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthChecks("/health/live");
app.MapHealthChecks("/health/ready");
app.MapHealthChecks("/health"); // what infra/platform.sh waits for (ADR 0033); the web app has no broker
app.MapRazorPages();
await app.RunOrMigrateAsync(SharedKeyRing.Schema, args); // `migrate`: the key ring's table

public partial class Program;
