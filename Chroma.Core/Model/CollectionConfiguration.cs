namespace Chroma.Core.Model;

/// <summary>
/// HNSW parameters of a collection, with Chroma's defaults. <c>MaxNeighbors</c> is hnswlib's M
/// (layer 0 keeps 2*M links).
/// </summary>
public sealed record HnswConfiguration
{
    public DistanceSpace Space { get; init; } = DistanceSpace.L2;
    public int EfConstruction { get; init; } = 100;
    public int EfSearch { get; init; } = 100;
    public int MaxNeighbors { get; init; } = 16;
    public int NumThreads { get; init; } = Environment.ProcessorCount;
    public double ResizeFactor { get; init; } = 1.2;
    public int SyncThreshold { get; init; } = 1000;
    public int BatchSize { get; init; } = 100;

    public static HnswConfiguration Default { get; } = new();
}

/// <summary>
/// What a collection was configured with. Single node always builds HNSW; a SPANN request is
/// turned into HNSW defaults keeping only its space (as real single-node Chroma does), so only
/// <see cref="Hnsw"/> reaches the engine. <see cref="EmbeddingFunctionJson"/> is stored and
/// echoed verbatim: the server never embeds text.
/// </summary>
public sealed record CollectionConfiguration
{
    public HnswConfiguration Hnsw { get; init; } = HnswConfiguration.Default;

    /// <summary>The raw JSON of <c>embedding_function</c>, or null.</summary>
    public string? EmbeddingFunctionJson { get; init; }

    public static CollectionConfiguration Default { get; } = new();
}

/// <summary>
/// A partial HNSW configuration from a create request or a modify request: null means
/// "not given". Which fields a modify may change is checked by the catalog.
/// </summary>
public sealed record HnswConfigurationUpdate
{
    public DistanceSpace? Space { get; init; }
    public int? EfConstruction { get; init; }
    public int? EfSearch { get; init; }
    public int? MaxNeighbors { get; init; }
    public int? NumThreads { get; init; }
    public double? ResizeFactor { get; init; }
    public int? SyncThreshold { get; init; }
    public int? BatchSize { get; init; }
}

/// <summary>The <c>configuration</c> of a create request, as parsed (not yet validated) by the API.</summary>
public sealed record CollectionConfigurationRequest
{
    public HnswConfigurationUpdate? Hnsw { get; init; }

    /// <summary>A SPANN block was given; only its space matters on single node.</summary>
    public DistanceSpace? SpannSpace { get; init; }
    public bool HasSpann { get; init; }

    /// <summary>Raw JSON of <c>embedding_function</c>, when given.</summary>
    public string? EmbeddingFunctionJson { get; init; }
}
