namespace DebtPositions;

internal sealed partial class Transfer
{
    // This transfer as content for a notice, with another amount (a copy on the re-issued notice, a reduction).
    public TransferContent ToContent(long amount) => new(
        IdTransfer, amount, OrganizationFiscalCode, CompanyName, RemittanceInformation, Category, Iban, PostalIban, Stamp,
        MetadataEntries, AccountingChapter, AccountingAssessment);
}
