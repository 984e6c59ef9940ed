using Contracts.DebtPositions;

namespace Contracts.NodeAdapter;

/// <summary>
/// Request (MassTransit request/response) from the station to DebtPositions, which owns the
/// spontaneous-service catalogue: create and publish the position a PSP asked for through
/// paDemandPaymentNotice. Answered with <see cref="SpontaneousPositionCreated"/> or
/// <see cref="SpontaneousPositionRefused"/> within the Node's budget (7 s, NOTES §2.7).
/// Lives here until DebtPositions adopts it: the station is the only sender.
/// </summary>
/// <param name="RequestId">Unique per paDemandPaymentNotice call; a retried request carries a new one.</param>
/// <param name="OrganizationFiscalCode">The EC (idPA).</param>
/// <param name="ServiceId">idServizio (5 chars) of the catalogue.</param>
/// <param name="ServiceSubjectId">idSoggettoServizio (5 chars).</param>
/// <param name="ServiceData">The decoded datiSpecificiServizioRequest XML, already valid against the service's XSD.</param>
/// <param name="OccurredAt">When the Node called.</param>
public sealed record CreateSpontaneousPosition(
    Guid RequestId,
    string OrganizationFiscalCode,
    string ServiceId,
    string ServiceSubjectId,
    string ServiceData,
    DateTimeOffset OccurredAt)
{
    /// <summary>
    /// A fiscal code no EC has. The station sends one request for it when it starts, to open the request path
    /// end to end before the first PSP's demand; DebtPositions refuses it quietly, with no side effect.
    /// </summary>
    public const string WarmUpOrganization = "00000000000";
}

/// <summary>The position was created and published; <paramref name="Iuv"/> names the notice to pay.</summary>
/// <param name="RequestId">Of the request.</param>
/// <param name="Position">The position as created (status VALID), as DebtPositionChanged would carry it.</param>
/// <param name="Iuv">The IUV of the option to pay.</param>
/// <param name="OccurredAt">When it was committed.</param>
public sealed record SpontaneousPositionCreated(Guid RequestId, DebtPositionSnapshot Position, string Iuv, DateTimeOffset OccurredAt);

/// <summary>The request cannot be served; <paramref name="FaultCode"/> is the PAA code the station answers (e.g. PAA_SEMANTICA).</summary>
public sealed record SpontaneousPositionRefused(Guid RequestId, string FaultCode, string Description, DateTimeOffset OccurredAt);
