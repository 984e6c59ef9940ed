using System.Net.Http.Json;
using System.Text.Json;

namespace Monitoring.Tests;

// The HTTP API of the Prometheus a fixture started: instant queries, as a Grafana panel runs them.
internal sealed class PrometheusClient(Uri address) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    public Uri Address => address;

    // Runs expression: status "success" with the series (or scalar) found, or the error Prometheus gave.
    public async Task<QueryResult> QueryAsync(string expression)
    {
        using var response = await _http.PostAsync("api/v1/query", new FormUrlEncodedContent([new("query", expression)]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var status = body.GetProperty("status").GetString()!;
        if (status != "success") return new QueryResult(status, 0, body.GetProperty("error").GetString(), "");
        var data = body.GetProperty("data");
        var result = data.GetProperty("result");
        var count = data.GetProperty("resultType").GetString() is "vector" or "matrix" ? result.GetArrayLength() : 1;
        return new QueryResult(status, count, null, result.GetRawText());
    }

    public async Task<bool> ReadyAsync()
    {
        try
        {
            return (await _http.GetAsync("-/ready")).IsSuccessStatusCode;
        }
        // Not listening yet while it starts.
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}

internal sealed record QueryResult(string Status, int Series, string? Error, string Json)
{
    public bool Succeeded => Status == "success";
}
