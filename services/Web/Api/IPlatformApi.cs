using Refit;

namespace Web.Api;

// The platform's APIs as the Web app calls them: through the gateway only, each call for the caller it acts for
// (ApiCaller, which CallerToken turns into a bearer token). Pages read an answer with ApiResults.OrProblem: expected
// refusals become ApiProblem values, anything else throws. Documents (PDF, CSV) come back as the API's response,
// streamed: see ApiResults.OrNull.
public interface IPlatformApi
{
    private const string Positions = "/api/debt-positions/v1/organizations/{ec}/debtpositions";
    private const string DebtPositions = "/api/debt-positions/v1/organizations/{ec}";
    private const string Receipts = "/api/receipts/organizations/{ec}";
    private const string Reconciliation = "/api/reporting/organizations/{ec}/reconciliation";

    [Get(Positions + "/{iupd}")]
    Task<Position> GetPositionAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string iupd, CancellationToken ct);

    [Get(Positions + "/{iupd}/history")]
    Task<List<HistoryEntry>> GetHistoryAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string iupd, CancellationToken ct);

    [Get(Positions)]
    Task<PositionList> ListPositionsAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, [Query] PositionFilter filter, CancellationToken ct);

    // The EC's positions per status in one call; filter may narrow them to a due window.
    [Get(DebtPositions + "/position-counts")]
    Task<PositionCounts> CountPositionsAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, [Query] PositionFilter filter, CancellationToken ct);

    // By IUPD, NAV or IUV (our search API); at most 100 positions.
    [Get(DebtPositions + "/search")]
    Task<List<Position>> SearchAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, [Query] PositionKey key, CancellationToken ct);

    // The EC's newest positions, without the whole-EC count GPD's list makes for its page info.
    [Get(DebtPositions + "/search/latest")]
    Task<List<Position>> ListLatestAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, int limit, CancellationToken ct);

    // The EC's positions whose debtor's name contains name, any case (at most 50, newest first).
    [Get(DebtPositions + "/search/by-name")]
    Task<List<Position>> SearchByNameAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string name, CancellationToken ct);

    [Post(Positions)]
    Task<Position> CreatePositionAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, [Body] object position, CancellationToken ct);

    // Replaces a position's content; refused (409) when it changed since ifMatch (PositionVersion.IfMatch). As in GPD,
    // the position becomes a draft again unless toPublish asks to publish it with the new content.
    [Put(Positions + "/{iupd}")]
    Task<Position> UpdatePositionAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string iupd, [Body] object position,
        [Header("If-Match")] string? ifMatch, bool? toPublish, CancellationToken ct);

    [Post(Positions + "/{iupd}/publish")]
    Task<Position> PublishAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string iupd, CancellationToken ct);

    [Post(Positions + "/{iupd}/invalidate")]
    Task<Position> InvalidateAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string iupd, CancellationToken ct);

    [Get(DebtPositions + "/imports/{id}")]
    Task<ImportStatus> GetImportAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, Guid id, CancellationToken ct);

    // The EC's latest imports, newest first (running ones with their progress).
    [Get(DebtPositions + "/imports")]
    Task<List<ImportStatus>> ListImportsAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, int limit, CancellationToken ct);

    // The rejected rows of an import, as CSV.
    [Get(DebtPositions + "/imports/{id}/errors")]
    Task<HttpResponseMessage> GetImportErrorsAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, Guid id, CancellationToken ct);

    [Get(DebtPositions + "/spontaneous-services/")]
    Task<Dictionary<string, SpontaneousService>> ListSpontaneousServicesAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, CancellationToken ct);

    // The EC's spontaneous-payment catalogue with each service's fields (ADR 0091).
    [Get(DebtPositions + "/spontaneous-services/")]
    Task<Dictionary<string, CatalogueEntry>> ListCatalogueAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, CancellationToken ct);

    // Adds or replaces a catalogue entry (administrators); a refusal names the members at fault.
    [Put(DebtPositions + "/spontaneous-services/{serviceId}")]
    Task<CatalogueEntry> DefineCatalogueEntryAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string serviceId, [Body] CatalogueEntry entry, CancellationToken ct);

    // A debtor's statement: the API has the fiscal code in its path, so only this server-to-gateway call carries it;
    // the Web app's own URLs never do (the search is a POST).
    [Get(DebtPositions + "/debtors/{fiscalCode}/statement")]
    Task<DebtorStatement> GetStatementAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string fiscalCode, CancellationToken ct);

    [Get("/api/iuv/organizations/{ec}/notices/{nav}.pdf")]
    Task<HttpResponseMessage> GetNoticePdfAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string nav, CancellationToken ct);

    // The EC's notice template; a 404 problem when it has none (notices use the standard one).
    [Get("/api/iuv/organizations/{ec}/notice-template")]
    Task<NoticeTemplate> GetNoticeTemplateAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, CancellationToken ct);

    // Replaces the whole template (the logo too: send the current one again to keep it).
    [Put("/api/iuv/organizations/{ec}/notice-template")]
    Task<NoticeTemplate> PutNoticeTemplateAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, [Body] NoticeTemplate template, CancellationToken ct);

    [Get(Receipts + "/receipts")]
    Task<List<ReceiptSummary>> ListReceiptsAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string iuv, CancellationToken ct);

    [Get(Receipts + "/receipts/{receiptId}/pdf")]
    Task<HttpResponseMessage> GetReceiptPdfAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string receiptId, CancellationToken ct);

    [Get(Receipts + "/webhooks/")]
    Task<List<WebhookSubscription>> ListWebhooksAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, CancellationToken ct);

    [Post(Receipts + "/webhooks/")]
    Task<WebhookCreated> CreateWebhookAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, [Body] NewWebhook webhook, CancellationToken ct);

    // action: pause or resume.
    [Post(Receipts + "/webhooks/{subscription}/{action}")]
    Task<WebhookSubscription> SetWebhookAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, Guid subscription, string action, CancellationToken ct);

    [Get(Receipts + "/webhooks/{subscription}/deliveries")]
    Task<List<WebhookDelivery>> ListDeliveriesAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, Guid subscription, string status, int limit,
        CancellationToken ct);

    [Post(Receipts + "/webhooks/{subscription}/deliveries/{delivery}/replay")]
    Task<WebhookDelivery> ReplayDeliveryAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, Guid subscription, Guid delivery, CancellationToken ct);

    [Post(Receipts + "/webhooks/{subscription}/replay")]
    Task<WebhookReplayed> ReplayAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, Guid subscription, [Body] ReplayFilter filter,
        CancellationToken ct);

    // Sends every dead delivery of the subscription again.
    Task<WebhookReplayed> ReplayDeadAsync(ApiCaller caller, string ec, Guid subscription, CancellationToken ct) =>
        ReplayAsync(caller, ec, subscription, new ReplayFilter("dead"), ct);

    // 404 (a problem) until Reporting has a receipt, flow row or paid position for the IUV.
    [Get(Reconciliation + "/payments/{iuv}")]
    Task<PaymentReconciliation> GetReconciliationAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, string iuv, CancellationToken ct);

    // The labels' meanings in Reporting's words (Italian name: English explanation).
    [Get(Reconciliation + "/labels")]
    Task<Dictionary<string, string>> GetReconciliationLabelsAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, CancellationToken ct);

    [Get(Reconciliation + "/anomalies")]
    Task<List<ReconciliationAnomaly>> ListAnomaliesAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, int limit, CancellationToken ct);

    // The days of the period with money collected, from Reporting's read model (ADR 0093).
    [Get(Reconciliation + "/collections")]
    Task<List<DayCollection>> ListCollectionsAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, DateOnly from, DateOnly to, CancellationToken ct);

    // The gateway's audit log of the EC since from, newest first (administrators only).
    [Get("/api/audit/organizations/{ec}/entries")]
    Task<List<AuditEntry>> ListAuditAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, DateTimeOffset from, int limit, CancellationToken ct);
}

// The import upload on its own client: a large file takes longer than any other call may, and a POST that creates an
// import is never retried.
public interface IImportUploadApi
{
    [Multipart]
    [Post("/api/debt-positions/v1/organizations/{ec}/imports")]
    Task<ImportStatus> UploadImportAsync([Property(ApiCaller.Key)] ApiCaller caller, string ec, [AliasAs("file")] StreamPart file,
        [Query] bool toPublish, CancellationToken ct);
}
