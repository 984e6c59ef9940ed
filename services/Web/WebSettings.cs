namespace Web;

// Configuration section `Web` (docs/web.md lists every key).
public sealed class WebSettings
{
    public const string Section = "Web";

    // Where the APIs are: the gateway, never a service's own port.
    public Uri GatewayUrl { get; set; } = new("http://127.0.0.1:5080/");

    // pagoPA's checkout (the NodeSimulator in the local run).
    public Uri CheckoutUrl { get; set; } = new("http://127.0.0.1:5190/");

    // The ECs this installation serves, with their names, for the portal's choice and the back office's labels.
    public List<Organization> Organizations { get; set; } = [];

    public int LookupsPerMinute { get; set; } = 10;

    public string OrganizationName(string fiscalCode) =>
        Organizations.FirstOrDefault(o => o.FiscalCode == fiscalCode)?.Name ?? fiscalCode;
}

public sealed class Organization
{
    public string FiscalCode { get; set; } = "";
    public string Name { get; set; } = "";
}
