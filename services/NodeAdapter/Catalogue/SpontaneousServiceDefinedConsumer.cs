using Contracts.DebtPositions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using NodeAdapter.Station;

namespace NodeAdapter.Catalogue;

// Keeps the station's copy of each EC's service schemas (ADR 0092): the latest definition wins.
internal sealed partial class SpontaneousServiceDefinedConsumer(NodeAdapterDb db, ILogger<SpontaneousServiceDefinedConsumer> logger)
    : IConsumer<SpontaneousServiceDefined>
{
    public async Task Consume(ConsumeContext<SpontaneousServiceDefined> context)
    {
        var defined = context.Message;
        if (!SpontaneousServices.KnownSchemas.Contains(defined.Schema))
        {
            // DebtPositions checks the schema against the same files; a newer DebtPositions may know one we do not.
            LogUnknownSchema(defined.ServiceId, defined.OrganizationFiscalCode, defined.Schema);
            return;
        }
        var service = await db.OfferedServices.SingleOrDefaultAsync(
            s => s.OrganizationFiscalCode == defined.OrganizationFiscalCode && s.ServiceId == defined.ServiceId, context.CancellationToken);
        if (service is null) db.OfferedServices.Add(OfferedService.Create(defined.OrganizationFiscalCode, defined.ServiceId, defined.Schema, defined.UpdatedAt));
        else service.Apply(defined.Schema, defined.UpdatedAt);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Service {ServiceId} of {Organization} names schema {Schema}, which this station does not ship: not offered")]
    private partial void LogUnknownSchema(string serviceId, string organization, string schema);
}
