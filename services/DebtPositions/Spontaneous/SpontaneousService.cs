using System.Text.Json;

namespace DebtPositions.Spontaneous;

// One entry of an EC's catalogue of spontaneous-payment services (car tax, ID card, donations…): what the position
// created on a PSP's paDemandPaymentNotice looks like, and what the payer fills in (ADR 0091): the service schema the
// station checks the data against, the form's fields, the element carrying a stated amount and the description's
// template. An entry without fields is GPD's general service: <amount> and <description>.
internal sealed class SpontaneousService
{
    public const string AmountFromData = "from-data";
    public const string FixedAmount = "fixed";
    public const string LegacyAmountElement = "amount";
    public const string LegacyDescriptionElement = "description";

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
    public string SchemaFile { get; private set; } = ServiceSchemas.GeneralService;
    public string? FieldsJson { get; private set; }
    public string? AmountElement { get; private set; }
    public string? DescriptionTemplate { get; private set; }

    public IReadOnlyList<ServiceFieldModel> ReadFields() =>
        FieldsJson is null ? [] : JsonSerializer.Deserialize<List<ServiceFieldModel>>(FieldsJson, JsonSerializerOptions.Web)!;

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
        SchemaFile = model.Schema ?? ServiceSchemas.GeneralService;
        var outline = ServiceSchemas.Find(SchemaFile)!;
        // Stored in the schema's order: the station's xs:sequence checks the order the portal writes them in.
        var fields = model.Fields is { Count: > 0 } given
            ? given.OrderBy(f => outline.Open ? 0 : outline.Leaves.ToList().FindIndex(l => l.Path == f.Element)).ToList()
            : null;
        FieldsJson = fields is null ? null : JsonSerializer.Serialize(fields, JsonSerializerOptions.Web);
        AmountElement = model.AmountElement;
        DescriptionTemplate = model.DescriptionTemplate;
        UpdatedAt = now;
    }

    public SpontaneousServiceModel ToModel()
    {
        var outline = ServiceSchemas.Find(SchemaFile);
        return new(Description, CompanyName, Category, Iban, PostalIban, AmountRule, FixedAmountCents, MaxAmountCents, DueDays,
            SchemaFile, FieldsJson is null ? null : ReadFields().ToList(), AmountElement, DescriptionTemplate, outline?.Root, outline?.Namespace);
    }
}

// The catalogue entry as the API reads and writes it. SchemaRoot and SchemaNamespace are answers only (the root
// element a form writes), ignored in a PUT.
internal sealed record SpontaneousServiceModel(
    string? Description, string? CompanyName, string? Category, string? Iban, string? PostalIban,
    string? AmountRule, long? FixedAmountCents, long? MaxAmountCents, int? DueDays,
    string? Schema = null, List<ServiceFieldModel>? Fields = null, string? AmountElement = null, string? DescriptionTemplate = null,
    string? SchemaRoot = null, string? SchemaNamespace = null);

// One field of a service's form: the element it fills (a path of local names under the schema's root), its labels,
// its kind (text, amount, date, fiscal-code, plate, choice), whether it is required, and its limits.
internal sealed record ServiceFieldModel(
    string? Element, string? Label, string? LabelEn, string? Kind, bool? Required, int? MaxLength, string? Pattern, List<ServiceChoiceModel>? Choices);

internal sealed record ServiceChoiceModel(string? Value, string? Label, string? LabelEn);
