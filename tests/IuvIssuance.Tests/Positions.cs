using Contracts.DebtPositions;

namespace IuvIssuance.Tests;

// DebtPositionChanged messages as DebtPositions publishes them, for the demo EC.
internal static class Positions
{
    public const string Ec = "77777777777";
    private static long _base = Random.Shared.NextInt64(1, 1_000_000_000);

    // A fresh valid NAV (aux 3, segregation code 01, mod-93 check digit).
    public static string NewNav() => NoticeNumbers.Build(new NoticeScheme(3, "01", null), Interlocked.Increment(ref _base)).Nav;

    public static PaymentOptionSnapshot Option(string nav, long cents, DateOnly due, bool instalment = false, string status = "PO_UNPAID",
        string description = "TARI 2026 - Tassa rifiuti") => new(
        nav[1..], nav, cents, description, due, null, instalment, status, null,
        [new TransferSnapshot(1, cents, Ec, "Comune di Demo", description, "9/0101108TS/", "IT60X0542811101000000123456", null, null,
            new Dictionary<string, string>())],
        new Dictionary<string, string>());

    public static DebtPositionChanged Changed(string iupd, long version, string status, params PaymentOptionSnapshot[] options) => new(
        new DebtPositionSnapshot(Ec, iupd, status, version, "Comune di Demo", "Ufficio Tributi",
            new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi", "Via Roma", "10", "00100", "Roma", "RM", "IT"),
            null, false, options),
        status == "VALID" ? DebtPositionChanges.Published : DebtPositionChanges.Updated, "api:test", DateTimeOffset.UtcNow);
}
