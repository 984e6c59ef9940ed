namespace Contracts.DebtPositions;

/// <summary>
/// A chunk of positions created (and published) by a bulk import, committed together. Each snapshot has
/// exactly the meaning it has in <see cref="DebtPositionChanged"/>: read models keep the highest
/// <see cref="DebtPositionSnapshot.Version"/> per position, so a chunk and single-position events for
/// the same positions may arrive in any order. One message per chunk (about a thousand positions)
/// instead of one per position is what lets a million notices reach the read models in minutes.
/// </summary>
/// <param name="ImportId">The import job that created them.</param>
/// <param name="Chunk">0-based sequence number of the chunk within the import.</param>
/// <param name="Positions">The positions after the import (status PUBLISHED or VALID). On the wire as a string table and
/// positional rows: the converter in the ImportChunks library, which every service's message serialiser registers.</param>
/// <param name="Change">What happened to every position of the chunk (<see cref="DebtPositionChanges.Published"/>).</param>
/// <param name="Cause">"import:&lt;importId&gt;".</param>
/// <param name="OccurredAt">When the chunk was committed.</param>
public sealed record DebtPositionsImported(
    Guid ImportId,
    int Chunk,
    IReadOnlyList<DebtPositionSnapshot> Positions,
    string Change,
    string Cause,
    DateTimeOffset OccurredAt);
