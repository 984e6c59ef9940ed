using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeAdapter.Tests;

// The Node's legacy nodeForPa SOAP endpoint on a loopback Kestrel port: lists the latest dataOraFlusso of each flow
// of an EC and returns flows as base64 FlussoRiversamento, or a fault. Checks the station credentials like the Node
// does.
internal sealed class FakeNodo : IAsyncDisposable
{
    public const string Password = "station-pwd1";
    private static readonly XNamespace Ws = "http://ws.pagamenti.telematici.gov/";
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private readonly ConcurrentDictionary<(string Org, string FlowId), (string DataOra, string? Xml)> _flows = new();
    private WebApplication _app = null!;

    public string Url { get; private set; } = "";

    // Each EC's flow listings: the poller's rounds.
    public FlowListings Listings { get; } = new();

    public static async Task<FakeNodo> StartAsync()
    {
        var fake = new FakeNodo();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        fake._app = builder.Build();
        fake._app.MapPost("/nodo-auth/node-for-pa/v1", fake.AnswerAsync);
        await fake._app.StartAsync();
        fake.Url = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/nodo-auth/node-for-pa/v1";
        return fake;
    }

    // Publishes (or overwrites, with a later dataOraFlusso) a flow; null XML = the Node answers a fault for it.
    public void Publish(string organization, string flowId, string dataOraFlusso, string? xml) => _flows[(organization, flowId)] = (dataOraFlusso, xml);

    private async Task<IResult> AnswerAsync(HttpRequest request)
    {
        var action = request.Headers["SOAPAction"].ToString().Trim('"');
        var body = XDocument.Parse(await new StreamReader(request.Body).ReadToEndAsync()).Root!.Element(Soap + "Body")!.Elements().Single();
        var organization = body.Element("identificativoDominio")!.Value;
        var reply = new XElement(Ws + (action + "Risposta"));
        if (body.Element("password")!.Value != Password || body.Element("identificativoIntermediarioPA")!.Value != NodeAdapterApp.BrokerId)
            reply.Add(Fault("PPT_AUTENTICAZIONE"));
        else if (action == "nodoChiediElencoFlussiRendicontazione")
        {
            Listings.Record(organization);
            var flows = _flows.Where(f => f.Key.Org == organization).ToList();
            reply.Add(new XElement("elencoFlussiRendicontazione", new XElement("totRestituiti", flows.Count),
                flows.Select(f => new XElement("idRendicontazione",
                    new XElement("identificativoFlusso", f.Key.FlowId), new XElement("dataOraFlusso", f.Value.DataOra)))));
        }
        else if (_flows.TryGetValue((organization, body.Element("identificativoFlusso")!.Value), out var flow) && flow.Xml is not null)
            reply.Add(new XElement("xmlRendicontazione", Convert.ToBase64String(Encoding.UTF8.GetBytes(flow.Xml))));
        else reply.Add(Fault("PPT_ID_FLUSSO_SCONOSCIUTO"));
        var envelope = new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soapenv", Soap),
            new XAttribute(XNamespace.Xmlns + "ppt", Ws), new XElement(Soap + "Body", reply));
        return Results.Text(envelope.ToString(), "text/xml", Encoding.UTF8);
    }

    private static XElement Fault(string code) => new("fault",
        new XElement("faultCode", code), new XElement("faultString", code), new XElement("id", "NodoDeiPagamentiSPC"),
        new XElement("description", "fault " + code));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
