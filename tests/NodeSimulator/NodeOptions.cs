namespace NodeSimulator;

/// <summary>Who the simulator is on pagoPA and where the EC's station listens (section "Node").</summary>
internal sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>The EC station endpoint (paForNode), normally behind the gateway.</summary>
    public Uri StationUrl { get; set; } = new("http://127.0.0.1:5080/pagopa/paForNode");

    /// <summary>idBrokerPA written in every request.</summary>
    public string BrokerId { get; set; } = "77777777777";

    /// <summary>idStation written in every request.</summary>
    public string StationId { get; set; } = "77777777777_01";

    /// <summary>The PSP that collects payments and sends reporting flows, unless a request names another.</summary>
    public string PspId { get; set; } = "PSPSIM01";

    public string PspName { get; set; } = "PSP Simulator";

    /// <summary>The PSP's channel; defaults to &lt;PspId&gt;_01.</summary>
    public string? ChannelId { get; set; }

    /// <summary>BIC of the bank that pours the money of a flow.</summary>
    public string BicCodePouringBank { get; set; } = "UNCRITMMXXX";

    /// <summary>
    /// Folder holding the official pagoPA specs (wsdl/xsd/paForNode.xsd, xsd-common/…). When set or found
    /// next to the repository (../shared/specs/pagopa), requests and responses are validated like the Node does.
    /// </summary>
    public string? SchemaDirectory { get; set; }

    /// <summary>How long the Node waits for the station: 7 s for verify/get payment, 15 s for receipts (SANP-QoS).</summary>
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(7);

    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public string Channel(string pspId) => ChannelId is { Length: > 0 } c && pspId == PspId ? c : $"{pspId}_01";
}
