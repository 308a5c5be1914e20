using Chroma.Core.Model;

namespace Chroma.Core.Segments;

/// <summary>
/// The stored fields of one record as the materializer produces them from the log.
/// <see cref="Sequence"/> is the log offset of the record's first insertion: get returns
/// records in this order, and updates keep it.
/// </summary>
public sealed class MaterializedRecord
{
    public required string Id { get; init; }
    public required float[] Embedding { get; init; }
    public string? Document { get; init; }
    public string? Uri { get; init; }
    public IReadOnlyDictionary<string, MetadataValue>? Metadata { get; init; }
    public required long Sequence { get; init; }

    /// <summary>True when the embedding differs from the one in the base version (the index needs a new label).</summary>
    public bool EmbeddingChanged { get; init; }
}
