namespace NodeAdapter.Catalogue;

// One EC's spontaneous-payment service as the station knows it: which shipped schema checks its data (ADR 0092).
internal sealed class OfferedService
{
    private OfferedService() { }

    public string OrganizationFiscalCode { get; private set; } = "";
    public string ServiceId { get; private set; } = "";
    public string SchemaFile { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    public static OfferedService Create(string organization, string serviceId, string schemaFile, DateTimeOffset updatedAt) =>
        new() { OrganizationFiscalCode = organization, ServiceId = serviceId, SchemaFile = schemaFile, UpdatedAt = updatedAt };

    // A redelivered older definition does not bring back the schema it replaced.
    public void Apply(string schemaFile, DateTimeOffset updatedAt)
    {
        if (updatedAt < UpdatedAt) return;
        SchemaFile = schemaFile;
        UpdatedAt = updatedAt;
    }
}
