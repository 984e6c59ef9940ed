extern alias iuv;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

/// <summary>
/// DebtPositions with a real IuvIssuance (as <see cref="DebtPositionsApp"/>), and import limits small
/// enough to test in seconds: 50-row chunks, a 2 MiB upload cap, a 4 MiB decompressed cap, a fast job, two writers.
/// </summary>
public sealed class BulkImportApp() : ServiceFactory<Program>(DebtPositionsDb.Schema, typeof(DebtPositionsDb).Assembly)
{
    public const string Ec = DebtPositionsApp.Ec;
    public const string Imports = $"/api/debt-positions/v1/organizations/{Ec}/imports";
    private readonly ServiceFactory<iuv::Program> _iuv = new("iuv_issuance", typeof(iuv::Program).Assembly);
    private string _iuvUrl = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await _iuv.InitializeAsync();
        _iuv.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        _iuv.StartServer();
        _iuvUrl = _iuv.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(_iuvUrl) };
        (await http.PutAsJsonAsync($"/api/iuv/organizations/{Ec}", new { segregationCode = "01" })).EnsureSuccessStatusCode();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("IuvIssuance:BaseUrl", _iuvUrl),
        new("Imports:ChunkRows", "50"),
        new("Imports:MaxUploadBytes", (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Imports:MaxFileBytes", (4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Imports:PollInterval", "00:00:00.200"),
        new("Imports:IuvBlock", "120"),
        // Two writers: the ordered-commit path is exercised (production's default is one).
        new("Imports:Writers", "2"),
    ];

    /// <summary>Polls GET …/imports/{id} until the import has ended (COMPLETED, FAILED or CANCELLED).</summary>
    public async Task<JsonElement> FinishedAsync(HttpClient client, string location)
    {
        JsonElement status = default;
        await Eventually.TrueAsync(async () =>
        {
            status = await client.GetFromJsonAsync<JsonElement>(location);
            return status.GetProperty("status").GetString() is "COMPLETED" or "FAILED" or "CANCELLED";
        }, TimeSpan.FromSeconds(30), $"import {location} finished");
        return status;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) ((IAsyncLifetime)_iuv).DisposeAsync().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
