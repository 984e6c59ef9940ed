using Microsoft.Extensions.Localization;

namespace Web.Localization;

// The API's position statuses (GPD v1) as the pages say them; the code stays visible next to the label.
public static class StatusLabels
{
    public static string Of(string status, IStringLocalizer t) => status switch
    {
        "DRAFT" => t["Bozza"],
        "PUBLISHED" => t["Pubblicata"],
        "VALID" => t["Pagabile"],
        "PARTIALLY_PAID" => t["Pagata in parte"],
        "PAID" => t["Pagata"],
        "REPORTED" => t["Rendicontata"],
        "EXPIRED" => t["Scaduta"],
        "INVALID" => t["Invalidata"],
        _ => status,
    };
}
