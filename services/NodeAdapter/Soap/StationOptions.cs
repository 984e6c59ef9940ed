using NodeAdapter.Station;
namespace NodeAdapter.Soap;

// The station as registered on the pagoPA Node (configuration section "Station"): our broker and station ids and the
// ECs we serve. Requests naming anything else are refused with the PAA_ID_* / PAA_STAZIONE_* faults.
internal sealed class StationOptions
{
    public const string Section = "Station";

    public string BrokerId { get; set; } = "";
    public string StationId { get; set; } = "";
    public List<string> Organizations { get; set; } = [];
    // Largest request body accepted; real receipts are a few KB.
    public int MaxRequestBytes { get; set; } = 512 * 1024;
    // The station URL as the Node sees it (through the gateway), for the WSDL's soap:address.
    public string? PublicUrl { get; set; }

    // idServizio → XSD of its datiSpecificiServizio (one of KnownSchemas).
    public Dictionary<string, string> SpontaneousServices { get; set; } = new(StringComparer.Ordinal);
    // How long paDemandPaymentNotice waits for DebtPositions: under the Node's 7 s.
    public TimeSpan DemandTimeout { get; set; } = TimeSpan.FromSeconds(5);
    // How long before its payment a receipt's notice may have been activated (the Node's payment token lives at most
    // 30 minutes): a payment activated before midnight in Rome and paid after it pays the activated day's amount
    // without an anomaly (RULES.md §9.5, ADR 0046). Zero judges every receipt on its payment day only.
    public TimeSpan ActivationWindow { get; set; } = TimeSpan.FromMinutes(30);

    public bool Serves(string organizationFiscalCode) => Organizations.Contains(organizationFiscalCode, StringComparer.Ordinal);
}
