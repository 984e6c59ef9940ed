using System.Net;
using Refit;
using ServiceDefaults.Http;
using ServiceDefaults.Security;

namespace DebtPositions.Iuv;

// IuvIssuance's REST API as DebtPositions calls it (Refit).
internal interface IIuvIssuanceApi
{
    [Post("/api/iuv/organizations/{organizationFiscalCode}/iuvs")]
    Task<IApiResponse<IuvBlock>> AllocateAsync(string organizationFiscalCode, [Body] IuvBlockRequest request, CancellationToken ct);

    [Post("/api/iuv/organizations/{organizationFiscalCode}/iuvs/validate")]
    Task<IApiResponse<IuvVerdict>> ValidateAsync(string organizationFiscalCode, [Body] IuvValidationRequest request, CancellationToken ct);
}

internal sealed record IuvBlockRequest(int Count);

internal sealed record IuvBlock(List<NoticeNumber> Items);

internal sealed record IuvValidationRequest(string Iuv);

internal sealed record IuvVerdict(bool Valid, string? Iuv, string? Nav, string? Code, string? Reason);

// IuvIssuance for its users: an EC it does not know is null; any other failure throws (after the resilience handler's
// retries).
internal sealed class IuvIssuanceClient(IIuvIssuanceApi api)
{
    public const string BaseUrlKey = "IuvIssuance:BaseUrl";

    // A block of new notice numbers; null when IuvIssuance does not know the EC.
    public async Task<IReadOnlyList<NoticeNumber>?> AllocateAsync(string organizationFiscalCode, int count, CancellationToken ct)
    {
        using var response = await api.AllocateAsync(organizationFiscalCode, new IuvBlockRequest(count), ct);
        return Unless404(response)?.Items;
    }

    // IuvIssuance's verdict on a client's IUV; null when it does not know the EC.
    public async Task<IuvVerdict?> ValidateAsync(string organizationFiscalCode, string iuv, CancellationToken ct)
    {
        using var response = await api.ValidateAsync(organizationFiscalCode, new IuvValidationRequest(iuv), ct);
        return Unless404(response);
    }

    private static T? Unless404<T>(IApiResponse<T> response) where T : class
    {
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (response.Error is { } error) throw error;
        return response.Content ?? throw new InvalidDataException($"IuvIssuance answered {(int?)response.StatusCode} without a body");
    }
}

internal static class IuvIssuanceExtensions
{
    // The typed client towards IuvIssuance (IuvIssuance__BaseUrl, e.g. http://127.0.0.1:5102) and its users.
    public static WebApplicationBuilder AddIuvIssuance(this WebApplicationBuilder builder)
    {
        var baseUrl = builder.Configuration[IuvIssuanceClient.BaseUrlKey]
            ?? throw new InvalidOperationException("IuvIssuance__BaseUrl is not configured");
        builder.Services.AddRefitGeneratedClient<IIuvIssuanceApi>()
            .ConfigureHttpClient(http => http.BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"))
            // Allocation is not idempotent, but a retried block only leaves unused numbers behind: never a duplicate.
            .AddStandardResilience(builder.Configuration, "IuvIssuance", o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                o.Retry.Delay = TimeSpan.FromMilliseconds(200);
            })
            .WithServiceIdentity("debt-positions");
        builder.Services.AddSingleton<IuvIssuanceClient>();
        builder.Services.AddScoped<NoticeAssignment>();
        return builder;
    }
}
