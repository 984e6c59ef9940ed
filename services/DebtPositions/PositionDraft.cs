namespace DebtPositions;

// What an EC asks a position to be, as it arrived and before any check: every field may be missing, so that
// validation names what is. GPD's v1 and v3 bodies, the bulk files' rows and the spontaneous path are mapped into it
// at their edge (docs/decisions/0085); validation, notice numbering and the position's content start from here.
internal sealed record PositionDraft(
    string? Iupd,
    DebtorDraft Debtor,
    string? CompanyName,
    string? OfficeName,
    bool? SwitchToExpired,
    bool? PayStandIn,
    DateTimeOffset? ValidityDate,
    string? RevenueType,
    string? ExternalReference,
    IReadOnlyList<OptionDraft>? Options)
{
    // The content of a draft that passed validation, each option with the notice number assigned to it.
    public PositionContent ToContent(string organizationFiscalCode, IReadOnlyList<NoticeNumber> numbers)
    {
        var options = new OptionContent[Options!.Count];
        for (var i = 0; i < options.Length; i++) options[i] = Options[i].ToContent(organizationFiscalCode, numbers[i]);
        return new(Debtor.ToData(), CompanyName!, OfficeName, SwitchToExpired!.Value, PayStandIn ?? true, ValidityDate,
            RevenueType, ExternalReference, options);
    }
}

internal sealed record DebtorDraft(
    string? Type, string? FiscalCode, string? FullName, string? StreetName = null, string? CivicNumber = null,
    string? PostalCode = null, string? City = null, string? Province = null, string? Region = null,
    string? Country = null, string? Email = null, string? Phone = null)
{
    // Fiscal codes are stored upper-case: the same debtor whichever way the EC typed it.
    public DebtorData ToData() => new(Type!, FiscalCode!.ToUpperInvariant(), FullName!, StreetName, CivicNumber, PostalCode, City,
        Province, Region, Country, Email, Phone);
}

internal sealed record OptionDraft(
    string? Iuv,
    long? Amount,
    string? Description,
    bool? IsPartialPayment,
    DateTimeOffset? DueDate,
    DateTimeOffset? RetentionDate,
    long? Fee,
    IReadOnlyList<TransferDraft>? Transfers,
    IReadOnlyList<EntryDraft>? Metadata,
    DateOnly? NotificationDate = null,
    string? ActualisationRule = null,
    DebtorDraft? Debtor = null,
    string? PaymentPlanId = null,
    string? PlanDescription = null)
{
    public OptionContent ToContent(string organizationFiscalCode, NoticeNumber number)
    {
        var transfers = new TransferContent[Transfers!.Count];
        for (var i = 0; i < transfers.Length; i++) transfers[i] = Transfers[i].ToContent(organizationFiscalCode);
        return new(number.Iuv, number.Nav, Amount!.Value, Description!, IsPartialPayment!.Value, DueDate!.Value, RetentionDate,
            Fee ?? 0, EntryDraft.ToEntries(Metadata), transfers, NotificationDate, ActualisationRule, Debtor?.ToData(), PaymentPlanId,
            PlanDescription);
    }
}

internal sealed record TransferDraft(
    string? IdTransfer,
    long? Amount,
    string? OrganizationFiscalCode,
    string? CompanyName,
    string? RemittanceInformation,
    string? Category,
    string? Iban,
    string? PostalIban,
    StampDraft? Stamp,
    IReadOnlyList<EntryDraft>? Metadata,
    string? AccountingChapter = null,
    string? AccountingAssessment = null)
{
    // A transfer without a beneficiary of its own pays the EC that owns the position.
    public TransferContent ToContent(string organizationFiscalCode) => new(
        int.Parse(IdTransfer!, System.Globalization.CultureInfo.InvariantCulture), Amount!.Value, OrganizationFiscalCode ?? organizationFiscalCode,
        CompanyName, RemittanceInformation!, Category!, Normalise(Iban), Normalise(PostalIban),
        Stamp is { } s ? new StampData(s.HashDocument!, s.StampType!, s.ProvincialResidence!) : null,
        EntryDraft.ToEntries(Metadata), AccountingChapter, AccountingAssessment);

    // GPD's postalIban pattern admits "": treat it as absent. IBANs are stored upper-case, as banks print them.
    private static string? Normalise(string? iban) => string.IsNullOrEmpty(iban) ? null : iban.ToUpperInvariant();
}

internal sealed record StampDraft(string? HashDocument, string? StampType, string? ProvincialResidence);

// One metadata entry (key and value) of a notice or a transfer.
internal sealed record EntryDraft(string? Key, string? Value)
{
    public static IReadOnlyList<KeyValue> ToEntries(IReadOnlyList<EntryDraft>? entries)
    {
        if (entries is not { Count: > 0 }) return [];
        var values = new KeyValue[entries.Count];
        for (var i = 0; i < values.Length; i++) values[i] = new KeyValue(entries[i].Key!, entries[i].Value!);
        return values;
    }
}
