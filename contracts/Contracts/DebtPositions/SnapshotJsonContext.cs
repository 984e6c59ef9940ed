using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contracts.DebtPositions;

/// <summary>
/// Compile-time JSON (source generation, web defaults) for the snapshot parts that read models store as JSON columns:
/// the same text as <see cref="JsonSerializerOptions.Web"/> gives, written without reflection-based metadata. The
/// bulk consumers write it for every imported position, so it is on their hottest path.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DebtPositionSnapshot))]
[JsonSerializable(typeof(DebtorSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<TransferSnapshot>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;
