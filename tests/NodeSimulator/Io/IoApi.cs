using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NodeSimulator.Io;

// Plays the IO API for public administrations (docs/specs/io/io-services-api.yaml) under `/io/api/v1`:
// getProfileByPOST and submitMessageforUserWithFiscalCodeInBody, with the subscription key required and the message
// validated as the spec says. Citizens exist only once set with `PUT /simulator/io/profiles/{fiscalCode}`
// `{"senderAllowed":true}`; every message submitted, accepted or not, is listed by `GET
// /simulator/io/messages?fiscalCode=…`. In memory only.
internal static partial class IoApi
{
    private static readonly ConcurrentDictionary<string, bool> Profiles = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<SubmittedMessage> Messages = new();

    [GeneratedRegex("^[0123][0-9]{17}$")]
    private static partial Regex NoticeNumber();

    public static IEndpointRouteBuilder MapIoApi(this IEndpointRouteBuilder app)
    {
        var io = app.MapGroup("/io/api/v1").WithTags("Simulator: IO API for public administrations");
        io.MapPost("/profiles", GetProfile);
        io.MapPost("/messages", SubmitMessage);
        var control = app.MapGroup("/simulator/io").WithTags("Simulator: IO citizens");
        control.MapPut("/profiles/{fiscalCode}", (string fiscalCode, ProfileSetting setting) =>
        {
            Profiles[fiscalCode] = setting.SenderAllowed;
            return TypedResults.NoContent();
        });
        control.MapGet("/messages", (string? fiscalCode) => TypedResults.Ok(Messages.Where(m => fiscalCode is null || m.FiscalCode == fiscalCode).ToList()));
        return app;
    }

    public sealed record ProfileSetting(bool SenderAllowed);

    public sealed record FiscalCodePayload([property: JsonPropertyName("fiscal_code")] string? FiscalCode);

    public sealed record LimitedProfile(
        [property: JsonPropertyName("sender_allowed")] bool SenderAllowed,
        [property: JsonPropertyName("preferred_languages")] IReadOnlyList<string> PreferredLanguages);

    public sealed record NewMessage(
        [property: JsonPropertyName("fiscal_code")] string? FiscalCode,
        [property: JsonPropertyName("content")] MessageContent? Content,
        [property: JsonPropertyName("time_to_live")] int? TimeToLive);

    public sealed record MessageContent(
        [property: JsonPropertyName("subject")] string? Subject,
        [property: JsonPropertyName("markdown")] string? Markdown,
        [property: JsonPropertyName("payment_data")] PaymentData? PaymentData,
        [property: JsonPropertyName("due_date")] DateTimeOffset? DueDate);

    public sealed record PaymentData(
        [property: JsonPropertyName("amount")] long Amount,
        [property: JsonPropertyName("notice_number")] string? NoticeNumber,
        [property: JsonPropertyName("invalid_after_due_date")] bool? InvalidAfterDueDate,
        [property: JsonPropertyName("payee")] Payee? Payee);

    public sealed record Payee([property: JsonPropertyName("fiscal_code")] string? FiscalCode);

    public sealed record CreatedMessage([property: JsonPropertyName("id")] string Id);

    // A message as it was submitted, and whether IO accepted it (refused: no profile, or the citizen turned the
    // service off).
    public sealed record SubmittedMessage(string Id, string FiscalCode, string Subject, string Markdown, long? Amount, string? NoticeNumber,
        string? PayeeFiscalCode, DateTimeOffset? DueDate, bool Accepted, DateTimeOffset SubmittedAt);

    private static Results<Ok<LimitedProfile>, UnauthorizedHttpResult, ProblemHttpResult> GetProfile(FiscalCodePayload payload, HttpRequest request)
    {
        if (!HasKey(request)) return TypedResults.Unauthorized();
        if (string.IsNullOrEmpty(payload.FiscalCode)) return TypedResults.Problem("fiscal_code is required", statusCode: 400);
        return Profiles.TryGetValue(payload.FiscalCode, out var allowed)
            ? TypedResults.Ok(new LimitedProfile(allowed, ["it_IT"]))
            : TypedResults.Problem("No user found for the provided fiscal code.", statusCode: 404, title: "Profile not found");
    }

    private static Results<Created<CreatedMessage>, UnauthorizedHttpResult, ProblemHttpResult> SubmitMessage(NewMessage message, HttpRequest request)
    {
        if (!HasKey(request)) return TypedResults.Unauthorized();
        if (Problem(message) is { } problem) return TypedResults.Problem(problem, statusCode: 400, title: "Invalid payload");
        var content = message.Content!;
        var accepted = Profiles.TryGetValue(message.FiscalCode!, out var allowed) && allowed;
        var id = Ulid();
        Messages.Enqueue(new SubmittedMessage(id, message.FiscalCode!, content.Subject!, content.Markdown!, content.PaymentData?.Amount,
            content.PaymentData?.NoticeNumber, content.PaymentData?.Payee?.FiscalCode, content.DueDate, accepted, DateTimeOffset.UtcNow));
        return accepted
            ? TypedResults.Created($"/io/api/v1/messages/{message.FiscalCode}/{id}", new CreatedMessage(id))
            : TypedResults.Problem("The recipient has no profile or does not accept messages from this service.", statusCode: 403, title: "Forbidden");
    }

    private static string? Problem(NewMessage message)
    {
        if (string.IsNullOrEmpty(message.FiscalCode)) return "fiscal_code is required";
        if (message.Content is not { } content) return "content is required";
        if (content.Subject is not { Length: >= 10 and <= 120 }) return "content.subject must be 10 to 120 characters";
        if (content.Markdown is not { Length: >= 80 and <= 10000 }) return "content.markdown must be 80 to 10000 characters";
        if (content.PaymentData is { } payment)
        {
            if (payment.Amount is < 1 or > 9_999_999_999) return "payment_data.amount must be 1 to 9999999999 cents";
            if (payment.NoticeNumber is null || !NoticeNumber().IsMatch(payment.NoticeNumber)) return "payment_data.notice_number must match ^[0123][0-9]{17}$";
            if (payment.Payee is { FiscalCode: null or "" }) return "payment_data.payee.fiscal_code is required";
        }
        return null;
    }

    private static bool HasKey(HttpRequest request) => !string.IsNullOrWhiteSpace(request.Headers["Ocp-Apim-Subscription-Key"]);

    private static string Ulid() => Guid.CreateVersion7().ToString("N")[..26].ToUpperInvariant();
}
