using System.Net.Http.Json;
using System.Text.Json;
using Testing;
using Xunit;

namespace DebtPositions.Tests;

// DebtPositions with a real IuvIssuance (IuvBackedApp), and import limits small enough to test in seconds: 50-row
// chunks, a 2 MiB upload cap, a 4 MiB decompressed cap, a fast job, two writers.
public sealed class BulkImportApp : IuvBackedApp
{
    public const string Imports = $"/api/debt-positions/v1/organizations/{Ec}/imports";

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
    [
        new("Imports:ChunkRows", "50"),
        new("Imports:MaxUploadBytes", (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Imports:MaxFileBytes", (4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Imports:PollInterval", "00:00:00.200"),
        new("Imports:IuvBlock", "120"),
        // Two writers: the ordered-commit path is exercised (production's default is one).
        new("Imports:Writers", "2"),
    ];

    // Polls GET …/imports/{id} until the import has ended (COMPLETED, FAILED or CANCELLED).
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
}
