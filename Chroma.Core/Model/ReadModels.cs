using Chroma.Core.Filtering;

namespace Chroma.Core.Model;

/// <summary>Which fields a read returns. Persisted nowhere.</summary>
[Flags]
public enum Include
{
    None = 0,
    Documents = 1,
    Embeddings = 2,
    Metadatas = 4,
    Uris = 8,
    Distances = 16,

    GetDefault = Documents | Metadatas,
    QueryDefault = Documents | Metadatas | Distances,
}

public sealed record GetRequest
{
    /// <summary>Restrict to these ids (unknown ids are skipped), or null for all.</summary>
    public string[]? Ids { get; init; }
    public WhereClause? Where { get; init; }
    public WhereDocumentClause? WhereDocument { get; init; }
    public int? Limit { get; init; }
    public int Offset { get; init; }
    public Include Include { get; init; } = Include.GetDefault;
}

public sealed record QueryRequest
{
    /// <summary>One or more query vectors, each of the collection's dimension.</summary>
    public required float[][] QueryEmbeddings { get; init; }
    public int NResults { get; init; } = 10;
    public string[]? Ids { get; init; }
    public WhereClause? Where { get; init; }
    public WhereDocumentClause? WhereDocument { get; init; }
    public Include Include { get; init; } = Include.QueryDefault;
}

/// <summary>Rows of a get, in insertion order. Unrequested columns are null.</summary>
public sealed class GetResult
{
    public required string[] Ids { get; init; }
    public float[]?[]? Embeddings { get; init; }
    public string?[]? Documents { get; init; }
    public string?[]? Uris { get; init; }
    public IReadOnlyDictionary<string, MetadataValue>?[]? Metadatas { get; init; }
}

/// <summary>One result list per query vector, each ordered by ascending distance.</summary>
public sealed class QueryResult
{
    public required GetResult[] Results { get; init; }

    /// <summary>Distances per query, or null when not requested.</summary>
    public float[][]? Distances { get; init; }
}

public sealed record IndexingStatus(long NumIndexedOps, long NumUnindexedOps, long TotalOps)
{
    public double OpIndexingProgress => TotalOps == 0 ? 1.0 : (double)NumIndexedOps / TotalOps;
}

public sealed record DeleteRequest
{
    public string[]? Ids { get; init; }
    public WhereClause? Where { get; init; }
    public WhereDocumentClause? WhereDocument { get; init; }
    public int? Limit { get; init; }
}
