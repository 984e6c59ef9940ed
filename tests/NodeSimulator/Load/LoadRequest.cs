using NodeSimulator.Soap;

namespace NodeSimulator.Load;

// Body of POST /simulator/load: drive a running station with Concurrency simulated Node workers for DurationSeconds
// (or until MaxRequests). Operation: verify (paVerifyPaymentNotice), getPaymentV2 (without the optional amount: no
// verify first), or payment (verify → getPaymentV2 → paSendRTV2, each notice paid once). Notices: Notice numbers to
// use, cycled for verify/getPaymentV2. NavFrom: First notice number of a range of NavCount consecutive ones (instead
// of Notices). Validate: Check requests and answers against paForNode.xsd as the Node does (costs the simulator CPU).
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

// Latency percentiles in milliseconds, over every completed call (or payment).
internal sealed record LatencyReport(double P50, double P95, double P99, double Max, double Mean);

// What a load run did. Outcomes : OK/KO answers; Faults : KO by fault code (for a payment, "operation:code" of the
// step that stopped it); Errors : calls with no SOAP answer at all (station unreachable, gateway 502/503/504), by
// message.
internal sealed record LoadReport(
    string Operation, int Concurrency, double ElapsedSeconds, long Requests, double RequestsPerSecond,
    LatencyReport LatencyMs, IReadOnlyDictionary<string, long> Outcomes, IReadOnlyDictionary<string, long> Faults,
    IReadOnlyDictionary<string, long> Errors, bool SchemaValidation, bool NoticesExhausted);
