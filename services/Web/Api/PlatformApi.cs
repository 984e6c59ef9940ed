using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Web.Api;

/// <summary>
/// The platform's APIs as the Web app calls them: through the gateway only, each call with a token for the
/// caller it acts for (<see cref="ApiTokens"/>). Expected refusals (404, 403, validation) come back as
/// <see cref="ApiProblem"/> values; anything else is an infrastructure failure and throws.
/// </summary>
public sealed class PlatformApi(HttpClient http, ApiTokens tokens)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new GpdDateTimes() } };

    private static string Positions(string ec) => $"api/debt-positions/v1/organizations/{ec}/debtpositions";

    public Task<ApiResult<Position>> GetPositionAsync(ApiCaller caller, string ec, string iupd, CancellationToken ct) =>
        SendAsync<Position>(caller, HttpMethod.Get, $"{Positions(ec)}/{Uri.EscapeDataString(iupd)}", null, ct);

    public Task<ApiResult<List<HistoryEntry>>> GetHistoryAsync(ApiCaller caller, string ec, string iupd, CancellationToken ct) =>
        SendAsync<List<HistoryEntry>>(caller, HttpMethod.Get, $"{Positions(ec)}/{Uri.EscapeDataString(iupd)}/history", null, ct);

    public Task<ApiResult<PositionList>> ListPositionsAsync(ApiCaller caller, string ec, string query, CancellationToken ct) =>
        SendAsync<PositionList>(caller, HttpMethod.Get, $"{Positions(ec)}?{query}", null, ct);

    /// <summary>The EC's positions per status in one call; <paramref name="query"/> may narrow them to a due window.</summary>
    public Task<ApiResult<PositionCounts>> CountPositionsAsync(ApiCaller caller, string ec, string query, CancellationToken ct) =>
        SendAsync<PositionCounts>(caller, HttpMethod.Get, $"api/debt-positions/v1/organizations/{ec}/position-counts?{query}", null, ct);

    /// <summary>By IUPD, NAV or IUV (our search API); at most 100 positions.</summary>
    public Task<ApiResult<List<Position>>> SearchAsync(ApiCaller caller, string ec, string parameter, string value, CancellationToken ct) =>
        SendAsync<List<Position>>(caller, HttpMethod.Get, $"api/debt-positions/v1/organizations/{ec}/search?{parameter}={Uri.EscapeDataString(value)}", null, ct);

    /// <summary>The EC's positions whose debtor's name contains <paramref name="name"/>, any case (at most 50, newest first).</summary>
    public Task<ApiResult<List<Position>>> SearchByNameAsync(ApiCaller caller, string ec, string name, CancellationToken ct) =>
        SendAsync<List<Position>>(caller, HttpMethod.Get, $"api/debt-positions/v1/organizations/{ec}/search/by-name?name={Uri.EscapeDataString(name)}", null, ct);

    public Task<ApiResult<Position>> CreatePositionAsync(ApiCaller caller, string ec, object position, CancellationToken ct) =>
        SendAsync<Position>(caller, HttpMethod.Post, Positions(ec), JsonContent.Create(position, options: Json), ct);

    /// <summary>
    /// Replaces a position's content; refused (409) when it changed since <paramref name="version"/>. As in GPD, the
    /// position becomes a draft again unless <paramref name="publish"/> asks to publish it with the new content.
    /// </summary>
    public Task<ApiResult<Position>> UpdatePositionAsync(ApiCaller caller, string ec, string iupd, object position, long? version, bool publish, CancellationToken ct)
    {
        var content = JsonContent.Create(position, options: Json);
        return SendAsync<Position>(caller, HttpMethod.Put, $"{Positions(ec)}/{Uri.EscapeDataString(iupd)}{(publish ? "?toPublish=true" : "")}", content,
            version is { } v ? $"\"{v}\"" : null, ct);
    }

    public Task<ApiResult<Position>> PublishAsync(ApiCaller caller, string ec, string iupd, CancellationToken ct) =>
        SendAsync<Position>(caller, HttpMethod.Post, $"{Positions(ec)}/{Uri.EscapeDataString(iupd)}/publish", null, ct);

    public Task<ApiResult<Position>> InvalidateAsync(ApiCaller caller, string ec, string iupd, CancellationToken ct) =>
        SendAsync<Position>(caller, HttpMethod.Post, $"{Positions(ec)}/{Uri.EscapeDataString(iupd)}/invalidate", null, ct);

    public Task<ApiResult<ImportStatus>> UploadImportAsync(ApiCaller caller, string ec, Stream file, string fileName, string contentType, bool publish, CancellationToken ct)
    {
        var form = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(part, "file", fileName);
        return SendAsync<ImportStatus>(caller, HttpMethod.Post, $"api/debt-positions/v1/organizations/{ec}/imports?toPublish={(publish ? "true" : "false")}", form, ct);
    }

    public Task<ApiResult<ImportStatus>> GetImportAsync(ApiCaller caller, string ec, Guid id, CancellationToken ct) =>
        SendAsync<ImportStatus>(caller, HttpMethod.Get, $"api/debt-positions/v1/organizations/{ec}/imports/{id}", null, ct);

    /// <summary>The EC's latest imports, newest first (running ones with their progress).</summary>
    public Task<ApiResult<List<ImportStatus>>> ListImportsAsync(ApiCaller caller, string ec, int limit, CancellationToken ct) =>
        SendAsync<List<ImportStatus>>(caller, HttpMethod.Get, $"api/debt-positions/v1/organizations/{ec}/imports?limit={limit}", null, ct);

    public Task<ApiResult<List<WebhookSubscription>>> ListWebhooksAsync(ApiCaller caller, string ec, CancellationToken ct) =>
        SendAsync<List<WebhookSubscription>>(caller, HttpMethod.Get, $"api/receipts/organizations/{ec}/webhooks/", null, ct);

    public Task<ApiResult<Dictionary<string, SpontaneousService>>> ListSpontaneousServicesAsync(ApiCaller caller, string ec, CancellationToken ct) =>
        SendAsync<Dictionary<string, SpontaneousService>>(caller, HttpMethod.Get, $"api/debt-positions/v1/organizations/{ec}/spontaneous-services/", null, ct);

    /// <summary>
    /// A debtor's statement: the API has the fiscal code in its path, so only this server-to-gateway call carries
    /// it; the Web app's own URLs never do (the search is a POST).
    /// </summary>
    public Task<ApiResult<DebtorStatement>> GetStatementAsync(ApiCaller caller, string ec, string fiscalCode, CancellationToken ct) =>
        SendAsync<DebtorStatement>(caller, HttpMethod.Get, $"api/debt-positions/v1/organizations/{ec}/debtors/{Uri.EscapeDataString(fiscalCode)}/statement", null, ct);

    public Task<ApiResult<List<ReceiptSummary>>> ListReceiptsAsync(ApiCaller caller, string ec, string iuv, CancellationToken ct) =>
        SendAsync<List<ReceiptSummary>>(caller, HttpMethod.Get, $"api/receipts/organizations/{ec}/receipts?iuv={Uri.EscapeDataString(iuv)}", null, ct);

    /// <summary>404 (a problem) until Reporting has a receipt, flow row or paid position for the IUV.</summary>
    public Task<ApiResult<PaymentReconciliation>> GetReconciliationAsync(ApiCaller caller, string ec, string iuv, CancellationToken ct) =>
        SendAsync<PaymentReconciliation>(caller, HttpMethod.Get, $"api/reporting/organizations/{ec}/reconciliation/payments/{Uri.EscapeDataString(iuv)}", null, ct);

    /// <summary>The labels' meanings in Reporting's words (Italian name: English explanation).</summary>
    public Task<ApiResult<Dictionary<string, string>>> GetReconciliationLabelsAsync(ApiCaller caller, string ec, CancellationToken ct) =>
        SendAsync<Dictionary<string, string>>(caller, HttpMethod.Get, $"api/reporting/organizations/{ec}/reconciliation/labels", null, ct);

    public Task<ApiResult<List<ReconciliationAnomaly>>> ListAnomaliesAsync(ApiCaller caller, string ec, int limit, CancellationToken ct) =>
        SendAsync<List<ReconciliationAnomaly>>(caller, HttpMethod.Get, $"api/reporting/organizations/{ec}/reconciliation/anomalies?limit={limit}", null, ct);

    public Task<ApiResult<List<DaySummary>>> ListDaysAsync(ApiCaller caller, string ec, DateOnly from, DateOnly to, CancellationToken ct) =>
        SendAsync<List<DaySummary>>(caller, HttpMethod.Get, $"api/reporting/organizations/{ec}/reconciliation/days?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", null, ct);

    /// <summary>The gateway's audit log of the EC since <paramref name="from"/>, newest first (administrators only).</summary>
    public Task<ApiResult<List<AuditEntry>>> ListAuditAsync(ApiCaller caller, string ec, DateTimeOffset from, int limit, CancellationToken ct) =>
        SendAsync<List<AuditEntry>>(caller, HttpMethod.Get,
            $"api/audit/organizations/{ec}/entries?from={Uri.EscapeDataString(from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))}&limit={limit}", null, ct);

    public Task<ApiResult<List<WebhookDelivery>>> ListDeliveriesAsync(ApiCaller caller, string ec, Guid subscription, string status, int limit, CancellationToken ct) =>
        SendAsync<List<WebhookDelivery>>(caller, HttpMethod.Get, $"api/receipts/organizations/{ec}/webhooks/{subscription}/deliveries?status={status}&limit={limit}", null, ct);

    /// <summary>The EC's notice template; a 404 problem when it has none (notices use the standard one).</summary>
    public Task<ApiResult<NoticeTemplate>> GetNoticeTemplateAsync(ApiCaller caller, string ec, CancellationToken ct) =>
        SendAsync<NoticeTemplate>(caller, HttpMethod.Get, $"api/iuv/organizations/{ec}/notice-template", null, ct);

    /// <summary>Replaces the whole template (the logo too: send the current one again to keep it).</summary>
    public Task<ApiResult<NoticeTemplate>> PutNoticeTemplateAsync(ApiCaller caller, string ec, NoticeTemplate template, CancellationToken ct) =>
        SendAsync<NoticeTemplate>(caller, HttpMethod.Put, $"api/iuv/organizations/{ec}/notice-template", JsonContent.Create(new
        {
            // Only the request's members: the API's JSON is strict (ADR 0022).
            template.Logo, template.CompanyName, template.Sector, template.Office, template.WhereToPay, template.Contacts, template.CbillCode,
            template.PostalAccountHolder, template.PosteAuthorisation,
        }, options: Json), ct);

    public Task<ApiResult<WebhookCreated>> CreateWebhookAsync(ApiCaller caller, string ec, string? targetUrl, string[] eventTypes, string? description, CancellationToken ct) =>
        SendAsync<WebhookCreated>(caller, HttpMethod.Post, $"api/receipts/organizations/{ec}/webhooks/",
            JsonContent.Create(new { targetUrl, eventTypes, description }, options: Json), ct);

    /// <summary>pause or resume.</summary>
    public Task<ApiResult<WebhookSubscription>> SetWebhookAsync(ApiCaller caller, string ec, Guid subscription, string action, CancellationToken ct) =>
        SendAsync<WebhookSubscription>(caller, HttpMethod.Post, $"api/receipts/organizations/{ec}/webhooks/{subscription}/{(action == "pause" ? "pause" : "resume")}", null, ct);

    public Task<ApiResult<WebhookDelivery>> ReplayDeliveryAsync(ApiCaller caller, string ec, Guid subscription, Guid delivery, CancellationToken ct) =>
        SendAsync<WebhookDelivery>(caller, HttpMethod.Post, $"api/receipts/organizations/{ec}/webhooks/{subscription}/deliveries/{delivery}/replay", null, ct);

    /// <summary>Sends every dead delivery of the subscription again.</summary>
    public Task<ApiResult<WebhookReplayed>> ReplayDeadAsync(ApiCaller caller, string ec, Guid subscription, CancellationToken ct) =>
        SendAsync<WebhookReplayed>(caller, HttpMethod.Post, $"api/receipts/organizations/{ec}/webhooks/{subscription}/replay",
            JsonContent.Create(new { status = "dead" }, options: Json), ct);

    /// <summary>A document (notice or receipt PDF, rejected rows) as the API streams it; null when refused.</summary>
    public async Task<HttpResponseMessage?> GetDocumentAsync(ApiCaller caller, string path, CancellationToken ct)
    {
        var response = await http.SendAsync(Request(caller, HttpMethod.Get, path, null), HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.IsSuccessStatusCode) return response;
        response.Dispose();
        return null;
    }

    public static string NoticePdf(string ec, string nav) => $"api/iuv/organizations/{ec}/notices/{nav}.pdf";

    public static string ReceiptPdf(string ec, string receiptId) => $"api/receipts/organizations/{ec}/receipts/{Uri.EscapeDataString(receiptId)}/pdf";

    public static string ImportErrors(string ec, Guid id) => $"api/debt-positions/v1/organizations/{ec}/imports/{id}/errors";

    /// <summary>The EC's spontaneous-payment catalogue with each service's fields (ADR 0091).</summary>
    public Task<ApiResult<Dictionary<string, CatalogueEntry>>> ListCatalogueAsync(ApiCaller caller, string ec, CancellationToken ct) =>
        SendAsync<Dictionary<string, CatalogueEntry>>(caller, HttpMethod.Get, $"api/debt-positions/v1/organizations/{ec}/spontaneous-services/", null, ct);

    /// <summary>Adds or replaces a catalogue entry (administrators); a refusal names the members at fault.</summary>
    public Task<ApiResult<CatalogueEntry>> DefineCatalogueEntryAsync(ApiCaller caller, string ec, string serviceId, CatalogueEntry entry, CancellationToken ct) =>
        SendAsync<CatalogueEntry>(caller, HttpMethod.Put, $"api/debt-positions/v1/organizations/{ec}/spontaneous-services/{Uri.EscapeDataString(serviceId)}",
            JsonContent.Create(entry, options: Json), ct);

    private HttpRequestMessage Request(ApiCaller caller, HttpMethod method, string path, HttpContent? content, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.For(caller));
        return request;
    }

    private Task<ApiResult<T>> SendAsync<T>(ApiCaller caller, HttpMethod method, string path, HttpContent? content, CancellationToken ct) =>
        SendAsync<T>(caller, method, path, content, null, ct);

    private async Task<ApiResult<T>> SendAsync<T>(ApiCaller caller, HttpMethod method, string path, HttpContent? content, string? ifMatch, CancellationToken ct)
    {
        using var response = await http.SendAsync(Request(caller, method, path, content, ifMatch), ct);
        if (response.IsSuccessStatusCode)
            return new ApiResult<T>(await response.Content.ReadFromJsonAsync<T>(Json, ct), null);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Forbidden
            or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests)
            return new ApiResult<T>(default, await ProblemAsync(response, ct));
        throw new HttpRequestException($"{method} {path.Split('?')[0]} answered {(int)response.StatusCode}", null, response.StatusCode);
    }

    private static async Task<ApiProblem> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, ct);
            return new ApiProblem(status, problem?.Title, problem?.Detail, problem?.Errors ?? []);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, null, null, new Dictionary<string, string[]>());
        }
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}

public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool IsOk => Problem is null;
}

internal static class PlatformApiSetup
{
    public static WebApplicationBuilder AddPlatformApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebSettings>(builder.Configuration.GetSection(WebSettings.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiTokens>();
        builder.Services.AddMemoryCache();
        // Scoped: it holds the typed HttpClient; what it shares lives in the (singleton) memory cache.
        builder.Services.AddScoped<Web.Pages.Backoffice.HomeFigures>();
        var gateway = builder.Configuration.GetValue<Uri>("Web:GatewayUrl") ?? new Uri("http://127.0.0.1:5080/");
        // No retries: a page shows the failure at once, and uploads and lifecycle actions are not idempotent.
        builder.Services.AddHttpClient<PlatformApi>(c =>
        {
            c.BaseAddress = gateway;
            c.Timeout = TimeSpan.FromMinutes(5);
        });
        return builder;
    }
}
