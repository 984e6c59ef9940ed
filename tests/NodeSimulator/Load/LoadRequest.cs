using NodeSimulator.Soap;

namespace NodeSimulator.Load;

/// <summary>
/// Body of POST /simulator/load: drive a running station with <see cref="Concurrency"/> simulated Node
/// workers for <see cref="DurationSeconds"/> (or until <see cref="MaxRequests"/>).
/// </summary>
/// <param name="Operation">
/// <c>verify</c> (paVerifyPaymentNotice), <c>getPaymentV2</c> (without the optional amount: no verify
/// first), or <c>payment</c> (verify → getPaymentV2 → paSendRTV2, each notice paid once).
/// </param>
/// <param name="Notices">Notice numbers to use, cycled for verify/getPaymentV2.</param>
/// <param name="NavFrom">First notice number of a range of <see cref="NavCount"/> consecutive ones (instead of Notices).</param>
/// <param name="Validate">Check requests and answers against paForNode.xsd as the Node does (costs the simulator CPU).</param>
internal sealed record LoadRequest(
    string? Operation, string? OrganizationFiscalCode, IReadOnlyList<string>? Notices = null,
    string? NavFrom = null, long NavCount = 0, int Concurrency = 16, int DurationSeconds = 10, long? MaxRequests = null,
    bool Validate = true, MessageStyle Style = MessageStyle.Compact)
{
    public const string Verify = "verify";
    public const string GetPaymentV2 = "getPaymentV2";
    public const string Payment = "payment";
    public const int MaxConcurrency = 512;
    public const int MaxDurationSeconds = 600;
    public const int MaxNotices = 100_000;

    public static readonly IReadOnlyList<string> Operations = [Verify, GetPaymentV2, Payment];
}

/// <summary>Latency percentiles in milliseconds, over every completed call (or payment).</summary>
internal sealed record LatencyReport(double P50, double P95, double P99, double Max, double Mean);

/// <summary>
/// What a load run did. <c>Outcomes</c>: OK/KO answers; <c>Faults</c>: KO by fault code (for a payment,
/// "operation:code" of the step that stopped it); <c>Errors</c>: calls with no SOAP answer at all
/// (station unreachable, gateway 502/503/504), by message.
/// </summary>
internal sealed record LoadReport(
    string Operation, int Concurrency, double ElapsedSeconds, long Requests, double RequestsPerSecond,
    LatencyReport LatencyMs, IReadOnlyDictionary<string, long> Outcomes, IReadOnlyDictionary<string, long> Faults,
    IReadOnlyDictionary<string, long> Errors, bool SchemaValidation, bool NoticesExhausted);
