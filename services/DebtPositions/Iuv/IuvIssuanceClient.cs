using ServiceDefaults.Security;
using System.Net;
using System.Net.Http.Json;
using DebtPositions.Gpd;
using ServiceDefaults;

namespace DebtPositions.Iuv;

/// <summary>IuvIssuance over HTTP (typed client with the shared resilience pipeline; base URL IuvIssuance__BaseUrl).</summary>
internal sealed class IuvIssuanceClient(HttpClient http)
{
    public const string BaseUrlKey = "IuvIssuance:BaseUrl";

    /// <summary>A block of new notice numbers; null when IuvIssuance does not know the EC.</summary>
    public async Task<IReadOnlyList<NoticeNumber>?> AllocateAsync(string organizationFiscalCode, int count, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"api/iuv/organizations/{organizationFiscalCode}/iuvs", new { count }, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Block>(ct))!.Items;
    }

    /// <summary>IuvIssuance's verdict on a client's IUV; null when it does not know the EC.</summary>
    public async Task<Verdict?> ValidateAsync(string organizationFiscalCode, string iuv, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"api/iuv/organizations/{organizationFiscalCode}/iuvs/validate", new { iuv }, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<Verdict>(ct);
    }

    private sealed record Block(List<NoticeNumber> Items);

    internal sealed record Verdict(bool Valid, string? Iuv, string? Nav, string? Code, string? Reason);
}

internal static class IuvIssuanceExtensions
{
    /// <summary>The typed client towards IuvIssuance (IuvIssuance__BaseUrl, e.g. http://127.0.0.1:5102) and its users.</summary>
    public static WebApplicationBuilder AddIuvIssuance(this WebApplicationBuilder builder)
    {
        var baseUrl = builder.Configuration[IuvIssuanceClient.BaseUrlKey]
            ?? throw new InvalidOperationException("IuvIssuance__BaseUrl is not configured");
        builder.Services.AddResilientHttpClient<IuvIssuanceClient>((_, http) => http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"))
            .WithServiceIdentity("debt-positions");
        builder.Services.AddScoped<NoticeAssignment>();
        return builder;
    }
}
