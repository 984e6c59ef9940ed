using System.Text.Json;

namespace DebtPositions;

// The part of a notice credited to one beneficiary (IBAN and/or postal IBAN, or a digital stamp).
internal sealed partial class Transfer
{
    private Transfer() { }

    public long PaymentOptionId { get; private set; }
    public int IdTransfer { get; private set; }
    public long Amount { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string? CompanyName { get; private set; }
    public string RemittanceInformation { get; private set; } = "";
    public string Category { get; private set; } = "";
    public string? Iban { get; private set; }
    public string? PostalIban { get; private set; }
    public string? StampHashDocument { get; private set; }
    public string? StampType { get; private set; }
    public string? StampProvincialResidence { get; private set; }
    public string Status { get; private set; } = TransferStatus.Unreported;
    public string Metadata { get; private set; } = "[]";
    public string? AccountingChapter { get; private set; }
    public string? AccountingAssessment { get; private set; }
    public DateTimeOffset InsertedDate { get; private set; }
    public DateTimeOffset LastUpdatedDate { get; private set; }

    public StampData? Stamp => StampHashDocument is null ? null : new(StampHashDocument, StampType!, StampProvincialResidence!);
    public IReadOnlyList<KeyValue> MetadataEntries => JsonSerializer.Deserialize<List<KeyValue>>(Metadata, JsonSerializerOptions.Web)!;
    public bool IsReported => Status == TransferStatus.Reported;

    public static Transfer Create(TransferContent content, DateTimeOffset now)
    {
        var transfer = new Transfer { IdTransfer = content.IdTransfer, InsertedDate = now };
        transfer.Replace(content, now);
        return transfer;
    }

    public void Replace(TransferContent c, DateTimeOffset now)
    {
        (Amount, OrganizationFiscalCode, CompanyName, RemittanceInformation, Category) =
            (c.Amount, c.OrganizationFiscalCode, c.CompanyName, c.RemittanceInformation, c.Category);
        (Iban, PostalIban, StampHashDocument, StampType, StampProvincialResidence) =
            (c.Iban, c.PostalIban, c.Stamp?.HashDocument, c.Stamp?.StampType, c.Stamp?.ProvincialResidence);
        (AccountingChapter, AccountingAssessment) = (c.AccountingChapter, c.AccountingAssessment);
        Metadata = JsonSerializer.Serialize(c.Metadata, JsonSerializerOptions.Web);
        LastUpdatedDate = now;
    }

    public void MarkReported(DateTimeOffset now)
    {
        Status = TransferStatus.Reported;
        LastUpdatedDate = now;
    }

    // Bulk IBAN change: only the ordinary IBAN moves; postal IBANs and stamps stay.
    public void ChangeIban(string newIban, DateTimeOffset now)
    {
        Iban = newIban;
        LastUpdatedDate = now;
    }
}
