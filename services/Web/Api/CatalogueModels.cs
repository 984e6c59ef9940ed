namespace Web.Api;

// A spontaneous-payment service of an EC's catalogue with the description of its input (ADR 0091): the service
// schema, the form's fields, the element carrying a stated amount and the description's template. SchemaRoot and
// SchemaNamespace (answers only) name the root element the form's XML is written in.
public sealed record CatalogueEntry(
    string? Description, string? CompanyName, string? Category, string? Iban, string? PostalIban,
    string? AmountRule, long? FixedAmountCents, long? MaxAmountCents, int? DueDays,
    string? Schema = null, List<CatalogueField>? Fields = null, string? AmountElement = null, string? DescriptionTemplate = null,
    string? SchemaRoot = null, string? SchemaNamespace = null);

// One field of a service's form: the element it fills (a path under the root), its labels, kind and limits.
public sealed record CatalogueField(
    string? Element, string? Label, string? LabelEn, string? Kind, bool? Required, int? MaxLength, string? Pattern, List<CatalogueChoice>? Choices);

// One value of a choice field, with its labels.
public sealed record CatalogueChoice(string? Value, string? Label, string? LabelEn);
