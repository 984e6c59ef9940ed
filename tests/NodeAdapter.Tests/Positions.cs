using System.Security.Cryptography;
using Contracts.Actualisation;
using Contracts.DebtPositions;

namespace NodeAdapter.Tests;

// Debt positions and schedules as DebtPositions and Actualisation publish them.
internal static class Positions
{
    public const string Iban = "IT60X0542811101000000123456";
    public const string PostalIban = "IT47E0760103200001010101010";

    // A fresh 17-digit IUV with segregation code 01 (aux digit 3 gives the NAV).
    public static string NewIuv() => "01" + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("D9") + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");

    public static string Nav(string iuv) => "3" + iuv;

    public static TransferSnapshot Transfer(int id, long cents, string? iban = Iban, string? postalIban = null, StampSnapshot? stamp = null,
        string organization = NodeAdapterApp.Organization) =>
        new(id, cents, organization, "Comune di Demo", $"TARI 2026 quota {id}", "9/0101108TS/", iban, postalIban, stamp,
            new Dictionary<string, string> { ["capitolo"] = "1234" });

    public static PaymentOptionSnapshot Option(string iuv, long cents, IReadOnlyList<TransferSnapshot>? transfers = null,
        string status = "PO_UNPAID", bool partial = false) =>
        new(iuv, Nav(iuv), cents, "TARI 2026 rata unica", new DateOnly(2026, 11, 30), null, partial, status, null,
            transfers ?? [Transfer(1, cents)], new Dictionary<string, string> { ["anno"] = "2026" });

    public static DebtPositionChanged Changed(string iupd, long version, string status, params PaymentOptionSnapshot[] options) =>
        new(new DebtPositionSnapshot(NodeAdapterApp.Organization, iupd, status, version, "Comune di Demo", "Ufficio Tributi",
                new DebtorSnapshot("F", "RSSMRA80A01H501U", "Mario Rossi", "Via Roma", "1", "00100", "Roma", "RM", "IT", "mario.rossi@example.it"),
                null, true, options),
            DebtPositionChanges.Published, "api:test", DateTimeOffset.UtcNow);

    public static DebtPositionChanged Valid(string iuv, long cents, long version = 1) =>
        Changed("IUPD-" + iuv, version, "VALID", Option(iuv, cents));

    public static AmountScheduleComputed Schedule(string iuv, long positionVersion, params AmountStep[] steps) =>
        new(NodeAdapterApp.Organization, "IUPD-" + iuv, iuv, positionVersion, steps, DateTimeOffset.UtcNow);

    public static AmountStep Step(DateOnly? from, DateOnly? until, long cents, string reason = "ordinary") =>
        new(from, until, cents, [new TransferAmount(1, cents)], reason);
}
