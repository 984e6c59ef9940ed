using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using NodeAdapter.Soap;

namespace NodeAdapter.Flows;

// A flow as the legacy list names it: the id and the dataOraFlusso of its latest version.
internal sealed record LegacyFlowId(string FlowId, DateTimeOffset FlowDate);

// Client of the Node's legacy nodeForPa SOAP operations nodoChiediElencoFlussiRendicontazione and
// nodoChiediFlussoRendicontazione (namespace http://ws.pagamenti.telematici.gov/, SOAPAction = name). A fault in the
// answer is an InvalidDataException: the flow gets parked, not lost.
internal sealed class NodoClient(HttpClient http, IOptions<FdrOptions> fdr, IOptions<StationOptions> station)
{
    private static readonly XNamespace Ws = "http://ws.pagamenti.telematici.gov/";
    private static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const int MaxAnswerBytes = 64 * 1024 * 1024;

    public async Task<IReadOnlyList<LegacyFlowId>> ListAsync(string organization, CancellationToken ct)
    {
        var answer = await CallAsync("nodoChiediElencoFlussiRendicontazione", organization, null, ct);
        return (answer.Element("elencoFlussiRendicontazione")?.Elements("idRendicontazione") ?? [])
            .Select(e => new LegacyFlowId(e.Element("identificativoFlusso")!.Value.Trim(), LegacyDates.Instant(e.Element("dataOraFlusso")!.Value)))
            .Distinct() // the Node's own mock repeats rows (NOTES §6.7)
            .ToList();
    }

    // The decoded FlussoRiversamento XML of one flow.
    public async Task<byte[]> GetAsync(string organization, string flowId, CancellationToken ct)
    {
        var answer = await CallAsync("nodoChiediFlussoRendicontazione", organization, flowId, ct);
        var base64 = answer.Element("xmlRendicontazione")?.Value
            ?? throw new InvalidDataException($"flow {flowId}: no xmlRendicontazione in the answer (SFTP delivery?)");
        return Convert.FromBase64String(base64.Trim());
    }

    private async Task<XElement> CallAsync(string operation, string organization, string? flowId, CancellationToken ct)
    {
        var request = new XElement(Ws + operation,
            new XElement("identificativoIntermediarioPA", station.Value.BrokerId),
            new XElement("identificativoStazioneIntermediarioPA", station.Value.StationId),
            new XElement("password", fdr.Value.Soap.Password),
            new XElement("identificativoDominio", organization),
            flowId is null ? null : new XElement("identificativoFlusso", flowId));
        var envelope = new XElement(Soap11 + "Envelope", new XAttribute(XNamespace.Xmlns + "soapenv", Soap11),
            new XAttribute(XNamespace.Xmlns + "ws", Ws), new XElement(Soap11 + "Body", request));
        using var content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml");
        using var message = new HttpRequestMessage(HttpMethod.Post, fdr.Value.Soap.Url) { Content = content };
        message.Headers.Add("SOAPAction", $"\"{operation}\"");
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var answer = await ReadAsync(response.Content, ct);
        if (answer.Name != Ws + operation + "Risposta") throw new InvalidDataException($"{operation}: unexpected answer {answer.Name}");
        if (answer.Element("fault") is { } fault)
            throw new InvalidDataException($"{operation}: {fault.Element("faultCode")?.Value} {fault.Element("description")?.Value ?? fault.Element("faultString")?.Value}");
        return answer;
    }

    private static async Task<XElement> ReadAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > MaxAnswerBytes) throw new InvalidDataException("answer too large");
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxAnswerBytes, Async = true,
        });
        var document = await XDocument.LoadAsync(reader, LoadOptions.None, ct);
        return document.Root?.Element(Soap11 + "Body")?.Elements().FirstOrDefault()
            ?? throw new InvalidDataException("answer is not a SOAP envelope with a body");
    }
}
