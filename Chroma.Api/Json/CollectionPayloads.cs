using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>Body of PUT …/collections/{id}, as parsed (the id comes from the route).</summary>
internal sealed record UpdateCollectionPayload(
    string? NewName,
    Dictionary<string, MetadataValue>? NewMetadata,
    HnswConfigurationUpdate? NewHnsw,
    string? NewEmbeddingFunctionJson);
