namespace NodeAdapter.Tests;

// The shared pagoPA request samples (Samples/, verbatim) with their placeholders and foreign ids replaced by the demo
// station's: everything else (prefixes, NBSP, padding) is kept as sent.
internal static class SampleRequests
{
    private static readonly Dictionary<string, string> Station = new(StringComparer.Ordinal)
    {
        // GPD templates
        ["${fiscalCode}"] = NodeAdapterApp.Organization, ["${brokerCode}"] = NodeAdapterApp.BrokerId,
        ["${stationCode}"] = NodeAdapterApp.StationId, ["${organizationCode}"] = NodeAdapterApp.Organization,
        // GovPay Karate template
        ["#(idDominio)"] = NodeAdapterApp.Organization, ["#(idIntermediario)"] = NodeAdapterApp.BrokerId,
        ["#(idStazione)"] = NodeAdapterApp.StationId, ["#(importo)"] = "30.00", ["#(causale)"] = "TARI 2026",
        // Real-looking ids of other stations in GPD's perf test and Postman collection
        ["010025"] = NodeAdapterApp.Organization, ["77777777777_1"] = NodeAdapterApp.StationId,
        ["00168480242"] = NodeAdapterApp.Organization, ["80007580279_01"] = NodeAdapterApp.StationId,
        ["80007580279"] = NodeAdapterApp.BrokerId, ["00856930102"] = NodeAdapterApp.Organization,
        ["15376371009_01"] = NodeAdapterApp.StationId, ["15376371009"] = NodeAdapterApp.BrokerId,
    };

    public static string Load(string file, IReadOnlyDictionary<string, string>? values = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", file));
        foreach (var (placeholder, value) in (values ?? new Dictionary<string, string>()).Concat(Station))
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        return text;
    }

    // The placeholders of GPD's paSendRT builder, for a payment of cents split 1:2.
    public static Dictionary<string, string> SendRtValues(string receiptId, string iuv, long cents) => new(StringComparer.Ordinal)
    {
        ["${receiptId}"] = receiptId, ["${noticeNumber}"] = Positions.Nav(iuv), ["${iuv}"] = iuv,
        ["${amount}"] = NodeAdapter.Soap.SoapText.Euros(cents), ["${companyName}"] = "Comune di Demo", ["${officeName}"] = "Tributi",
        ["${payerFiscalCode}"] = "RSSMRA80A01H501U", ["${name}"] = "Mario Rossi", ["${streetName}"] = "Via Roma",
        ["${civicNumber}"] = "1", ["${postalCode}"] = "00100", ["${city}"] = "Roma", ["${province}"] = "RM", ["${country}"] = "IT",
        ["${email}"] = "mario.rossi@example.it", ["${transferAmountRate * 2}"] = (cents / 300 * 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["${transferAmountRate}"] = (cents / 300).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["${iban}"] = Positions.Iban, ["${pspId}"] = "PSPTEST01", ["${pspFiscalCode}"] = "88888888888", ["${pspName}"] = "PSP Test",
        ["${pspChannelId}"] = "PSPTEST01_01", ["${applicationDate}"] = "2026-11-20", ["${transferDate}"] = "2026-11-21",
    };
}
