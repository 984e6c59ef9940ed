namespace DebtPositions.Spontaneous;

// One entry of an EC's catalogue of spontaneous-payment services (car tax, ID card, donations…): what the position
// created on a PSP's paDemandPaymentNotice looks like. The station keeps only which XSD checks each service's data;
// everything about money lives here.
internal sealed class SpontaneousService
{
    public const string AmountFromData = "from-data";
    public const string FixedAmount = "fixed";

    private SpontaneousService() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string ServiceId { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string CompanyName { get; private set; } = "";
    public string Category { get; private set; } = "";
    public string Iban { get; private set; } = "";
    public string? PostalIban { get; private set; }
    // "from-data": the amount the payer stated (general service); "fixed": FixedAmountCents.
    public string AmountRule { get; private set; } = AmountFromData;
    public long? FixedAmountCents { get; private set; }
    public long MaxAmountCents { get; private set; }
    public int DueDays { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static SpontaneousService Define(string organization, string serviceId, SpontaneousServiceModel model, DateTimeOffset now)
    {
        var service = new SpontaneousService { OrganizationFiscalCode = organization, ServiceId = serviceId };
        service.Update(model, now);
        return service;
    }

    public void Update(SpontaneousServiceModel model, DateTimeOffset now)
    {
        Description = model.Description!;
        CompanyName = model.CompanyName!;
        Category = model.Category!;
        Iban = model.Iban!;
        PostalIban = model.PostalIban;
        AmountRule = model.AmountRule ?? AmountFromData;
        FixedAmountCents = model.FixedAmountCents;
        MaxAmountCents = model.MaxAmountCents ?? 99_999_999_999;
        DueDays = model.DueDays ?? 1;
        UpdatedAt = now;
    }

    public SpontaneousServiceModel ToModel() =>
        new(Description, CompanyName, Category, Iban, PostalIban, AmountRule, FixedAmountCents, MaxAmountCents, DueDays);
}

// The catalogue entry as the API reads and writes it.
internal sealed record SpontaneousServiceModel(
    string? Description, string? CompanyName, string? Category, string? Iban, string? PostalIban,
    string? AmountRule, long? FixedAmountCents, long? MaxAmountCents, int? DueDays);
