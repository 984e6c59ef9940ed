using System.Text.Json.Serialization;

namespace DebtPositions.GpdMassive;

// GPD's massive file API (openapi/pagopa-api/gpd_massive.json and gpd_massive_v2.json, whose schemas are empty
// objects): the shapes GPD's upload service answers with. Date-times follow GpdJson (yyyy-MM-ddTHH:mm:ss.SSS, UTC),
// except the status's startTime, which GPD writes as "yyyy-MM-dd HH:mm:ss".

internal static class MassiveOperations
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
}

internal sealed record UploadStatusV1(
    [property: JsonPropertyName("uploadID")] string UploadId, int ProcessedItem, int SubmittedItem, string StartTime);

internal sealed record UploadStatusV2(
    [property: JsonPropertyName("uploadID")] string UploadId, int ProcessedItem, int SubmittedItem, string StartTime, string OperationStatus);

internal sealed record ResponseEntryV1(int StatusCode, string StatusMessage, [property: JsonPropertyName("requestIDs")] List<string> RequestIds);

internal sealed record UploadReportV1(
    [property: JsonPropertyName("uploadID")] string UploadId, int ProcessedItem, int SubmittedItem, List<ResponseEntryV1> Responses,
    DateTimeOffset StartTime, DateTimeOffset? EndTime);

internal sealed record ResponseEntryV2(int StatusCode, string StatusMessage, List<string> Iupds);

internal sealed record UploadReportV2(
    string FileId, int ProcessedItem, int SubmittedItem, List<ResponseEntryV2> Responses, DateTimeOffset StartTime, DateTimeOffset? EndTime);

internal sealed record FileIdListResponse(List<string> FileIds, int Size, bool HasMore);

// The outcome for one position of a file, as the job stores it.
internal sealed record PositionOutcome(string Iupd, int StatusCode, string StatusMessage);
