using System.Text;
using System.Xml.Linq;

namespace Flows.Tests;

// The station side of the hostile-input suite: the Node's six requests (shapes of tests/NodeSimulator/Soap and
// tests/NodeAdapter.Tests/Samples), for OtherEc and a notice it really has, each mutated element by element (raw text
// replaces a marker, so character references and control bytes go out as written) and as a whole document.
internal static class HostileSoap
{
    public const string Path = "/pagopa/paForNode";
    private static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Pafn = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";
    private const string Slot = "@@hostile-slot@@";

    private static readonly string[] Forbidden = ["&#x1;", "&#0;", "&#xD800;", "&#xFFFE;", "\u0001", "\u001b", "\u000b", "\uffff"];
    private static readonly string[] Oddities = ["\u202e", "\u200f", "\ufeff", "\u200d", "\u00a0", "😀", "e\u0301\u0301", "&#x202E;", "<![CDATA[x]]>", "&amp;&lt;&gt;"];
    private static readonly string[] Amounts = ["-1.00", "1000000000.00", "1e3", "12.345", "NaN", "99999999999999999999999.99", "0x10", "1,00", "INF"];
    private static readonly string[] Notices = ["1234", "abcdefghijklmnopqr", "3020000000000000001", "٣٠٢٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠", "-30200000000000001", "30200000000000000x"];

    private static XElement Header(string ec) => new("h",
        new XElement("idPA", ec), new XElement("idBrokerPA", Platform.Broker), new XElement("idStation", Platform.Station));

    private static XElement QrCode(string ec, string nav) => new("qrCode", new XElement("fiscalCode", ec), new XElement("noticeNumber", nav));

    // The six valid requests: (SOAPAction, payload).
    public static IEnumerable<(string Action, XElement Payload)> Valid(string ec, string nav, long cents)
    {
        var euros = (cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        yield return ("paVerifyPaymentNotice", new XElement(Pafn + "paVerifyPaymentNoticeReq", Header(ec).Elements(), QrCode(ec, nav)));
        yield return ("paGetPayment", new XElement(Pafn + "paGetPaymentReq", Header(ec).Elements(), QrCode(ec, nav), new XElement("amount", euros)));
        yield return ("paGetPaymentV2", new XElement(Pafn + "paGetPaymentV2Request", Header(ec).Elements(), QrCode(ec, nav), new XElement("amount", euros)));
        yield return ("paSendRT", new XElement(Pafn + "paSendRTReq", Header(ec).Elements(), Receipt(ec, nav, euros, v2: false)));
        yield return ("paSendRTV2", new XElement(Pafn + "paSendRTV2Request", Header(ec).Elements(), Receipt(ec, nav, euros, v2: true)));
        var service = "<service xmlns=\"http://PuntoAccessoPSP.spcoop.gov.it/GeneralService\"><amount>25.00</amount><description>per la biblioteca</description></service>";
        yield return ("paDemandPaymentNotice", new XElement(Pafn + "paDemandPaymentNoticeRequest", Header(ec).Elements(),
            new XElement("idServizio", Platform.DonationService), new XElement("idSoggettoServizio", "00001"),
            new XElement("datiSpecificiServizioRequest", Convert.ToBase64String(Encoding.UTF8.GetBytes(service)))));
    }

    private static XElement Receipt(string ec, string nav, string euros, bool v2) => new("receipt",
        new XElement("receiptId", "HOSTILE-RECEIPT"), new XElement("noticeNumber", nav), new XElement("fiscalCode", ec),
        new XElement("outcome", "OK"), new XElement("creditorReferenceId", nav[1..]), new XElement("paymentAmount", euros),
        new XElement("description", "TARI 2026"), new XElement("companyName", "Comune di Prova"), new XElement("officeName", "Tributi"),
        Subject("debtor"),
        new XElement("transferList", new XElement("transfer", new XElement("idTransfer", "1"), new XElement("transferAmount", euros),
            new XElement("fiscalCodePA", ec), v2 ? new XElement("companyName", "Comune di Prova") : null,
            new XElement("IBAN", "IT60X0542811101000000123456"), new XElement("remittanceInformation", "TARI 2026"),
            new XElement("transferCategory", "9/0101108TS/"))),
        new XElement("idPSP", "PSPSIM01"), new XElement("pspFiscalCode", "88888888888"), new XElement("PSPCompanyName", "PSP Simulato"),
        new XElement("idChannel", "PSPSIM01_01"), new XElement("channelDescription", "app"), Subject("payer"),
        new XElement("paymentMethod", "creditCard"), new XElement("fee", "1.50"),
        new XElement("paymentDateTime", "2026-11-20T12:00:00"), new XElement("applicationDate", "2026-11-20"), new XElement("transferDate", "2026-11-21"),
        new XElement("metadata", new XElement("mapEntry", new XElement("key", "anno"), new XElement("value", "2026"))),
        v2 ? new XElement("standIn", "false") : null);

    private static XElement Subject(string name) => new(name,
        new XElement("uniqueIdentifier", new XElement("entityUniqueIdentifierType", "F"), new XElement("entityUniqueIdentifierValue", "RSSMRA80A01H501U")),
        new XElement("fullName", "Mario Rossi"), new XElement("streetName", "Via Roma"), new XElement("civicNumber", "1"),
        new XElement("postalCode", "00100"), new XElement("city", "Roma"), new XElement("stateProvinceRegion", "RM"),
        new XElement("country", "IT"), new XElement("e-mail", "mario.rossi@example.it"));

    // Every mutation of every operation; receipts get a unique receiptId each, and their leaves are sampled
    // (receiptLeaves).
    public static IEnumerable<HostileRequest> All(Random random, string ec, string nav, long cents, int receiptLeaves)
    {
        var serial = 0;
        foreach (var (action, payload) in Valid(ec, nav, cents))
        {
            void Unique(XElement copy)
            {
                if (copy.Descendants("receiptId").FirstOrDefault() is { } id) id.Value = $"HOSTILE-RT-{++serial:D5}";
            }
            var leaves = payload.Descendants().Where(e => !e.HasElements).ToList();
            var chosen = action.StartsWith("paSendRT", StringComparison.Ordinal)
                ? leaves.Select(l => (Order: random.Next(), l)).OrderBy(p => p.Order).Take(receiptLeaves).Select(p => p.l).OrderBy(leaves.IndexOf).ToList()
                : leaves;
            foreach (var leaf in chosen)
                foreach (var (what, fragment, refuse) in LeafMutations(random, leaf))
                    yield return Mutated(action, payload, leaf, what, fragment, refuse, Unique);
            foreach (var request in SoapDocuments.Whole(random, action, () => Envelope(payload, Unique)))
                yield return request;
        }
    }

    private static IEnumerable<(string What, string Fragment, bool MustRefuse)> LeafMutations(Random random, XElement leaf)
    {
        var value = leaf.Value;
        var at = random.Next(value.Length + 1);
        string Insert(string raw) => Escape(value[..at]) + raw + Escape(value[at..]);
        var forbidden = Forbidden[random.Next(Forbidden.Length)];
        yield return ("with &#x1;", Insert("&#x1;"), true);
        yield return ($"with {Show(forbidden)}", Insert(forbidden), true);
        yield return ("with NUL as &#0;", Insert("&#0;"), true);
        var odd = Oddities[random.Next(Oddities.Length)];
        yield return ($"with {Show(odd)}", Insert(odd), false);
        yield return ("empty", "", false);
        yield return ("of 10000 chars", string.Concat(Enumerable.Repeat(value.Length > 0 ? Escape(value) : "x", 10_000))[..10_000], false);
        yield return ("as a nested element", "<x><y>1</y></x>", true);
        var name = leaf.Name.LocalName;
        if (name.Contains("amount", StringComparison.OrdinalIgnoreCase) || name == "fee")
            foreach (var amount in new[] { Amounts[random.Next(Amounts.Length)], Amounts[random.Next(Amounts.Length)], "0.00" }.Distinct())
                yield return ($"= {amount}", amount, amount != "0.00");
        if (name == "noticeNumber")
        {
            foreach (var notice in Notices) yield return ($"= '{notice}'", notice, true);
            yield return ("padded with newlines and NBSP", "\n \u00a0" + value + "\u00a0\n", false);
        }
        if (name is "idPA" or "fiscalCode" or "idBrokerPA" or "fiscalCodePA")
            yield return ("= 1234567890", "1234567890", true);
        if (name.EndsWith("Date", StringComparison.Ordinal) || name.EndsWith("DateTime", StringComparison.Ordinal))
            foreach (var date in new[] { "0001-01-01", "9999-12-31T23:59:59", "2026-02-30", "2026-11-20T25:00:00+14:00" })
                yield return ($"= {date}", date, false);
    }

    private static HostileRequest Mutated(string action, XElement payload, XElement leaf, string what, string fragment, bool mustRefuse, Action<XElement> unique)
    {
        var copy = new XElement(payload);
        var path = PathOf(leaf);
        var target = copy.DescendantsAndSelf().Where(e => !e.HasElements).ElementAt(payload.DescendantsAndSelf().Where(e => !e.HasElements).ToList().IndexOf(leaf));
        if (path.EndsWith("receiptId", StringComparison.Ordinal)) target.Value = Slot;
        else
        {
            unique(copy);
            target.Value = Slot;
        }
        var xml = Envelope(copy, _ => { }).Replace(Slot, fragment, StringComparison.Ordinal);
        return SoapDocuments.Request(action, $"{path} {what}", Encoding.UTF8.GetBytes(xml), mustRefuse);
    }

    // The envelope as the Node sends it: SOAP 1.1, payload qualified, children unqualified.
    public static string Envelope(XElement payload, Action<XElement> unique)
    {
        var copy = new XElement(payload);
        unique(copy);
        var envelope = new XElement(Soap11 + "Envelope", new XAttribute(XNamespace.Xmlns + "soapenv", Soap11),
            new XAttribute(XNamespace.Xmlns + "pafn", Pafn), new XElement(Soap11 + "Header"), new XElement(Soap11 + "Body", copy));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + envelope.ToString(SaveOptions.DisableFormatting);
    }

    private static string PathOf(XElement leaf) =>
        string.Join('/', leaf.AncestorsAndSelf().Reverse().Skip(1).Select(e => e.Name.LocalName));

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    private static string Show(string raw) => string.Concat(raw.Select(c => c is < ' ' or > '~' ? $"U+{(int)c:X4}" : c.ToString()));
}
