using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Gateway;

// A route's MaxRequestBodySize, enforced before anything is forwarded, so an oversized body never reaches the
// service. REST callers get a 413 ProblemDetails. The pagoPA Node gets what the station itself answers to a body it
// cannot take: a SOAP fault in an HTTP 200 with PAA_SINTASSI_EXTRAXSD (the shape of NodeAdapter's SoapReply); any
// other answer is, for the Node, a broken station (NOTES §2.6). A station body without Content-Length (chunked) is
// read up to the limit first, then forwarded with its length.
internal static class StationLimits
{
    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Pafn = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";
    private const string SyntaxExtraXsd = "PAA_SINTASSI_EXTRAXSD";

    // SOAPAction → the paForNode response element, as NodeAdapter's SoapOperation names them.
    private static readonly Dictionary<string, string> Responses = new(StringComparer.Ordinal)
    {
        ["paVerifyPaymentNotice"] = "paVerifyPaymentNoticeRes",
        ["paGetPayment"] = "paGetPaymentRes",
        ["paGetPaymentV2"] = "paGetPaymentV2Response",
        ["paSendRT"] = "paSendRTRes",
        ["paSendRTV2"] = "paSendRTV2Response",
        ["paDemandPaymentNotice"] = "paDemandPaymentNoticeResponse",
    };

    private static readonly XmlWriterSettings Utf8Writer = new() { Encoding = new UTF8Encoding(false) };

    public static IReverseProxyApplicationBuilder UseStationLimits(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var limit = context.GetReverseProxyFeature().Route.Config.MaxRequestBodySize;
            var request = context.Request;
            var station = request.Path.StartsWithSegments("/pagopa");
            if (limit is not > 0 || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                await next();
                return;
            }
            if (request.ContentLength > limit)
            {
                await RefuseAsync(context, station, limit.Value, $"request body larger than {limit} bytes");
                return;
            }
            if (station && request.ContentLength is null && await BufferAsync(context, limit.Value) is { } refusal)
            {
                await RefuseAsync(context, station, limit.Value, refusal);
                return;
            }
            await next();
        });
        return proxy;
    }

    // Reads a chunked body into memory (Kestrel stops it at the limit); the reason it cannot be forwarded, or null.
    private static async Task<string?> BufferAsync(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        var body = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return $"request body larger than {limit} bytes";
        }
        catch (BadHttpRequestException e)
        {
            return "incomplete request body: " + e.Message;
        }
        body.Position = 0;
        context.Request.Body = body;
        context.Request.Headers.TransferEncoding = default;
        context.Request.ContentLength = body.Length;
        return null;
    }

    private static async Task RefuseAsync(HttpContext context, bool station, long limit, string reason)
    {
        // The body is left unread: Kestrel would drain it after the answer and, past its own limit, drop the
        // connection while the client already reuses it for its next request. Say the connection ends here.
        context.Response.Headers.Connection = "close";
        if (!station)
        {
            await Results.Problem($"The request body exceeds this route's limit of {limit} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large").ExecuteAsync(context);
            return;
        }
        var brokerId = context.RequestServices.GetRequiredService<IConfiguration>()["Station:BrokerId"] ?? "gateway";
        var envelope = SoapFault(context.Request.Headers["SOAPAction"], brokerId, reason);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = envelope.Length;
        await context.Response.Body.WriteAsync(envelope, context.RequestAborted);
    }

    // The operation's response with outcome KO and a fault bean when the SOAPAction names one; a plain SOAP 1.1
    // Client fault when it does not (no paForNode type to answer with).
    private static byte[] SoapFault(string? soapAction, string brokerId, string description)
    {
        var bytes = new MemoryStream(1024);
        using (var xml = XmlWriter.Create(bytes, Utf8Writer))
        {
            xml.WriteStartElement("soapenv", "Envelope", Soap11);
            xml.WriteAttributeString("xmlns", "pafn", null, Pafn);
            xml.WriteStartElement("soapenv", "Header", Soap11);
            xml.WriteEndElement();
            xml.WriteStartElement("soapenv", "Body", Soap11);
            if (Action(soapAction) is { } action && Responses.TryGetValue(action, out var response))
            {
                xml.WriteStartElement("pafn", response, Pafn);
                xml.WriteElementString("outcome", "KO");
                xml.WriteStartElement("fault");
                xml.WriteElementString("faultCode", SyntaxExtraXsd);
                xml.WriteElementString("faultString", "Errore di sintassi extra XSD");
                xml.WriteElementString("id", brokerId);
                xml.WriteElementString("description", description);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            else
            {
                xml.WriteStartElement("soapenv", "Fault", Soap11);
                xml.WriteElementString("faultcode", "soapenv:Client");
                xml.WriteElementString("faultstring", SyntaxExtraXsd + ": " + description);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return bytes.ToArray();
    }

    // The operation a SOAPAction names: quoted or not, bare or as the last segment of a URI (NOTES §2.1).
    private static string? Action(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var action = header.Trim().Trim('"').Trim();
        return action[(action.LastIndexOfAny(['/', '#']) + 1)..];
    }
}
