using Contracts.Reporting;

namespace Receipts.Recovery;

// Which anomalies mean "pagoPA has a receipt we do not".
internal static class RecoveryCandidates
{
    // A row reported as paid (not revoked) that no receipt matched: missing-receipt, or a stand-in payment (esito
    // 4/8) whose receipt never reached us. Other kinds either have their receipt (amount-mismatch, duplicate) or have
    // none to fetch (revoked).
    public static bool Wants(ReconciliationAnomaly a) =>
        !a.Matched && a.Iuv is { Length: > 0 } && a.Iur is { Length: > 0 } && a.Outcome != 3
        && a.Kind is "missing-receipt" or "stand-in";
}
