using System.Xml.Linq;

namespace NodeSimulator.Soap;

// One transfer as the station gave it in paGetPayment(V2).
internal sealed record TransferData(
    int IdTransfer, long AmountCents, string FiscalCodePA, string? CompanyName, string? Iban, bool IsStamp,
    string RemittanceInformation, string Category, XElement? Metadata);

// The station's paGetPayment(V2) data: what the Node copies into the receipt.
internal sealed record PaymentData(
    string CreditorReferenceId, long AmountCents, string Description, string? CompanyName, string? OfficeName,
    XElement Debtor, IReadOnlyList<TransferData> Transfers, XElement? Metadata)
{
    public static PaymentData Parse(XElement data) => new(
        data.Text("creditorReferenceId") ?? "",
        SoapXml.Cents(data.Text("paymentAmount") ?? "0"),
        data.Text("description") ?? "",
        data.Text("companyName"),
        data.Text("officeName"),
        SoapXml.Unqualified(data.Child("debtor") ?? new XElement("debtor")),
        data.Child("transferList").Children("transfer").Select(t => new TransferData(
            int.Parse(t.Text("idTransfer") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
            SoapXml.Cents(t.Text("transferAmount") ?? "0"),
            t.Text("fiscalCodePA") ?? "",
            t.Text("companyName"),
            t.Text("IBAN"),
            t.Child("richiestaMarcaDaBollo") is not null,
            t.Text("remittanceInformation") ?? "",
            t.Text("transferCategory") ?? "",
            t.Child("metadata") is { } m ? SoapXml.Unqualified(m) : null)).ToList(),
        data.Child("metadata") is { } meta ? SoapXml.Unqualified(meta) : null);

    // The Node's semantic checks on an activation answer (SANP-SYNC "Fase di attivazione"); null when sound.
    public string? SemanticError()
    {
        if (Transfers.Count is < 1 or > 5) return $"{Transfers.Count} transfers (1..5 allowed)";
        var sum = Transfers.Sum(t => t.AmountCents);
        if (sum != AmountCents) return $"paymentAmount {SoapXml.Euros(AmountCents)} differs from the sum of transfers {SoapXml.Euros(sum)}";
        if (Transfers.Any(t => !t.IsStamp && string.IsNullOrEmpty(t.Iban))) return "a transfer has neither IBAN nor stamp";
        return null;
    }
}
