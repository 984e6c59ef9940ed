using System.Diagnostics;
using Microsoft.Extensions.Options;
using NodeSimulator.Payments;
using NodeSimulator.Soap;

namespace NodeSimulator.Load;

// Many simulated Node callers at once against the station, for operations to exercise a running platform: closed loop
// (each worker sends its next call when the previous one is answered), so the rate found is what the station sustains
// at that concurrency.
internal sealed class LoadRunner(
    StationClient station, PaymentRunner payments, PaymentTimeline timeline, SoapSchemas schemas, IOptions<NodeOptions> options)
{
    private const int MaxDistinctErrors = 20;

    public async Task<LoadReport> RunAsync(LoadRequest request, CancellationToken ct)
    {
        var once = request.Operation == LoadRequest.Payment;
        var notices = NoticeSource.For(request, once);
        if (once) timeline.Start();
        var issued = 0L;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(TimeSpan.FromSeconds(request.DurationSeconds));
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, request.Concurrency).Select(_ => Task.Run(async () =>
        {
            var tally = new Tally();
            while (!stop.IsCancellationRequested)
            {
                if (request.MaxRequests is { } max && Interlocked.Increment(ref issued) > max) break;
                if (!notices.TryNext(out var nav)) break;
                try
                {
                    await CallAsync(request, nav, tally, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The run's time is up: the call in flight is not counted.
                    break;
                }
            }
            return tally;
        }, CancellationToken.None)).ToList();
        var tallies = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        return Report(request, tallies, elapsed, once && notices.Exhausted);
    }

    private async Task CallAsync(LoadRequest request, string nav, Tally tally, CancellationToken ct)
    {
        var node = options.Value;
        var caller = new Caller(request.OrganizationFiscalCode!, node.BrokerId, node.StationId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            switch (request.Operation)
            {
                case LoadRequest.Payment:
                    var payment = await payments.RunAsync(new PaymentRequest(caller.OrganizationFiscalCode, nav, "V2", Style: request.Style), ct, request.Validate);
                    timeline.Record(payment);
                    var stopped = payment.Steps[^1];
                    tally.Answered(Stopwatch.GetElapsedTime(started), payment.Outcome, payment.Outcome == "OK" ? null : $"{stopped.Operation}:{stopped.FaultCode}");
                    return;
                case LoadRequest.GetPaymentV2:
                    var (get, _) = await station.CallAsync("paGetPaymentV2", NodeRequests.GetPayment(caller, nav, null, v2: true),
                        node.VerifyTimeout, ct, request.Style, request.Validate);
                    tally.Answered(Stopwatch.GetElapsedTime(started), get.Outcome, get.FaultCode);
                    return;
                default:
                    var (verify, _) = await station.CallAsync("paVerifyPaymentNotice", NodeRequests.Verify(caller, nav),
                        node.VerifyTimeout, ct, request.Style, request.Validate);
                    tally.Answered(Stopwatch.GetElapsedTime(started), verify.Outcome, verify.FaultCode);
                    return;
            }
        }
        catch (StationUnreachableException e)
        {
            tally.Failed(e.Message);
        }
    }

    private LoadReport Report(LoadRequest request, Tally[] tallies, double elapsed, bool exhausted)
    {
        var latencies = tallies.SelectMany(t => t.LatencyTicks).Order().ToArray();
        double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 2);
        double Percentile(double p) => latencies.Length == 0 ? 0 : Ms(latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)]);
        var latency = new LatencyReport(Percentile(0.50), Percentile(0.95), Percentile(0.99),
            latencies.Length == 0 ? 0 : Ms(latencies[^1]), latencies.Length == 0 ? 0 : Math.Round(Ms((long)latencies.Average(l => (double)l)), 2));
        var requests = latencies.Length + tallies.Sum(t => t.Errors.Values.Sum());
        return new LoadReport(request.Operation!, request.Concurrency, Math.Round(elapsed, 2), requests,
            Math.Round(latencies.Length / elapsed, 1), latency,
            Merge(tallies.Select(t => t.Outcomes)), Merge(tallies.Select(t => t.Faults)), Merge(tallies.Select(t => t.Errors)),
            schemas.Enabled && request.Validate, exhausted);
    }

    private static SortedDictionary<string, long> Merge(IEnumerable<Dictionary<string, long>> parts)
    {
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in parts.SelectMany(p => p))
            merged[key] = merged.GetValueOrDefault(key) + count;
        return merged;
    }

    // One worker's counts: no sharing, merged once at the end.
    private sealed class Tally
    {
        public List<long> LatencyTicks { get; } = new(4096);
        public Dictionary<string, long> Outcomes { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Faults { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public void Answered(TimeSpan elapsed, string outcome, string? faultCode)
        {
            LatencyTicks.Add((long)(elapsed.TotalSeconds * Stopwatch.Frequency));
            Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
            if (faultCode is not null) Faults[faultCode] = Faults.GetValueOrDefault(faultCode) + 1;
        }

        public void Failed(string message)
        {
            var key = Errors.Count < MaxDistinctErrors || Errors.ContainsKey(message) ? message : "other errors";
            Errors[key] = Errors.GetValueOrDefault(key) + 1;
        }
    }
}
