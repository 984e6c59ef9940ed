using System.Text.Json;
using System.Text.Json.Serialization;
using Contracts.DebtPositions;

namespace ImportChunks;

/// <summary>
/// Compile-time JSON (source generation, web defaults) for the snapshot parts that read models store as JSON columns,
/// written without reflection-based metadata. Null properties are left out: a plain imported position is about a
/// third nulls, and every byte is written, logged and stored once per position. <see cref="JsonSerializerOptions.Web"/>
/// reads the text back to the same snapshot. The bulk consumers write it for every imported position, so it is on
/// their hottest path.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DebtPositionSnapshot))]
[JsonSerializable(typeof(DebtorSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<TransferSnapshot>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;
