namespace Contracts.DebtPositions;

/// <summary>
/// Event (DebtPositions → station): an EC's spontaneous-payment service was added to its catalogue or changed. The
/// station keeps which XSD checks the service's datiSpecificiServizio, so a service defined through the API is
/// offered at once, without a restart. Published through DebtPositions' outbox; the latest
/// <paramref name="UpdatedAt"/> wins.
/// </summary>
/// <param name="OrganizationFiscalCode">The EC.</param>
/// <param name="ServiceId">idServizio (5 characters).</param>
/// <param name="Schema">The service schema's file name, one of the schemas the station ships.</param>
/// <param name="UpdatedAt">When the catalogue entry was written.</param>
public sealed record SpontaneousServiceDefined(string OrganizationFiscalCode, string ServiceId, string Schema, DateTimeOffset UpdatedAt);
