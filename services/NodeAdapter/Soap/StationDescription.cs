namespace NodeAdapter.Soap;

// The official WSDL and XSDs as served by this station: only the soap:address and the schemaLocations change (the
// upstream relative paths would point outside our URL space).
internal static class StationDescription
{
    private static readonly string WsdlText = SoapSchemas.ReadResource(SoapSchemas.WsdlFile);
    private static readonly string PaForNodeText = SoapSchemas.ReadResource(SoapSchemas.PaForNodeXsd);
    private static readonly string CommonText = SoapSchemas.ReadResource(SoapSchemas.CommonTypesXsd);

    public static string Wsdl(string url) => WsdlText
        .Replace("http://pagopa-api.pagopa.gov.it/service/pa/paForNode", url, StringComparison.Ordinal)
        .Replace("schemaLocation=\"xsd/paForNode.xsd\"", $"schemaLocation=\"{url}?xsd={SoapSchemas.PaForNodeXsd}\"", StringComparison.Ordinal);

    public static string? Xsd(string url, string name) => name switch
    {
        SoapSchemas.PaForNodeXsd => PaForNodeText.Replace(
            "schemaLocation=\"../../xsd-common/sac-common-types-1.0.xsd\"",
            $"schemaLocation=\"{url}?xsd={SoapSchemas.CommonTypesXsd}\"", StringComparison.Ordinal),
        SoapSchemas.CommonTypesXsd => CommonText,
        _ => null,
    };
}
