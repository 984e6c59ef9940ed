using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using NodeSimulator.Payments;

namespace NodeSimulator.Load;

// What the Node saw of each payment of the latest payment load run: when the station answered its receipt, and how
// long each call took. A benchmark joins it with the platform's own timestamps to time a payment's way through the
// platform after the Node heard OK (infra/bench/payments.sh).
internal sealed class PaymentTimeline(TimeProvider time)
{
    private ConcurrentQueue<PaymentTrace> _traces = new();

    // Forgets the previous run: the timeline describes one run at a time.
    public void Start() => Interlocked.Exchange(ref _traces, new ConcurrentQueue<PaymentTrace>());

    // Called as soon as the payment's last call is answered, so that the time is the Node's answer time.
    public void Record(PaymentResult payment)
    {
        long? Elapsed(string prefix) => payment.Steps.FirstOrDefault(s => s.Operation.StartsWith(prefix, StringComparison.Ordinal))?.ElapsedMs;
        _traces.Enqueue(new PaymentTrace(payment.NoticeNumber, payment.ReceiptId, payment.Outcome, time.GetUtcNow(),
            Elapsed("paVerify"), Elapsed("paGetPayment"), Elapsed("paSendRT")));
    }

    // One line per payment, with a header: the form PostgreSQL's COPY reads.
    public string ToCsv()
    {
        var csv = new StringBuilder("notice_number,receipt_id,outcome,answered_at,verify_ms,get_payment_ms,send_receipt_ms\n");
        foreach (var t in _traces)
            csv.Append(CultureInfo.InvariantCulture, $"{t.NoticeNumber},{t.ReceiptId},{t.Outcome},{t.AnsweredAt:O},{t.VerifyMs},{t.GetPaymentMs},{t.SendReceiptMs}\n");
        return csv.ToString();
    }
}

// Control API: GET /simulator/load/payments, the latest payment run's timeline as CSV.
internal static class PaymentTimelineApi
{
    public static IEndpointRouteBuilder MapPaymentTimelineApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/simulator/load/payments", (PaymentTimeline timeline) => TypedResults.Text(timeline.ToCsv(), "text/csv"))
            .WithTags("Simulator: load");
        return app;
    }
}

// One payment of a load run; the elapsed times are absent for the calls it never reached.
internal sealed record PaymentTrace(
    string NoticeNumber, string? ReceiptId, string Outcome, DateTimeOffset AnsweredAt, long? VerifyMs, long? GetPaymentMs, long? SendReceiptMs);
