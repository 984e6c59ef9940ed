namespace NodeSimulator;

// Who the simulator is on pagoPA and where the EC's station listens (section "Node").
internal sealed class NodeOptions
{
    public const string Section = "Node";

    // The EC station endpoint (paForNode), normally behind the gateway.
    public Uri StationUrl { get; set; } = new("http://127.0.0.1:5080/pagopa/paForNode");

    // idBrokerPA written in every request.
    public string BrokerId { get; set; } = "77777777777";

    // idStation written in every request.
    public string StationId { get; set; } = "77777777777_01";

    // The PSP that collects payments and sends reporting flows, unless a request names another.
    public string PspId { get; set; } = "PSPSIM01";

    public string PspName { get; set; } = "PSP Simulator";

    // The PSP's channel; defaults to <PspId>_01.
    public string? ChannelId { get; set; }

    // BIC of the bank that pours the money of a flow.
    public string BicCodePouringBank { get; set; } = "UNCRITMMXXX";

    // Folder holding the official pagoPA specs (wsdl/xsd/paForNode.xsd, xsd-common/…). When set or found next to the
    // repository (../shared/specs/pagopa), requests and responses are validated like the Node does.
    public string? SchemaDirectory { get; set; }

    // How long the Node waits for the station: 7 s for verify/get payment, 15 s for receipts (SANP-QoS).
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(7);

    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public string Channel(string pspId) => ChannelId is { Length: > 0 } c && pspId == PspId ? c : $"{pspId}_01";
}
