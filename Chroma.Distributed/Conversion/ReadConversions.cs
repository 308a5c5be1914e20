using System.Text.Json;
using Chroma.Core.Filtering;
using Chroma.Core.Model;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Conversion;

/// <summary>
/// Read requests and results, proto &lt;-&gt; engine. Filters travel as their Chroma JSON text
/// (<see cref="WhereClause.ToJson"/>) and are parsed again here, at the receiving edge, by the
/// same parser the HTTP API uses: one grammar, no second filter encoding to keep in step.
/// </summary>
public static class ReadConversions
{
    public static P.GetRequest ToProto(GetRequest request)
    {
        var proto = new P.GetRequest
        {
            Ids = ToProtoOrNull(request.Ids),
            Offset = request.Offset,
            Include = ToProto(request.Include),
        };
        if (request.Where is not null) proto.WhereJson = request.Where.ToJson();
        if (request.WhereDocument is not null) proto.WhereDocumentJson = request.WhereDocument.ToJson();
        if (request.Limit is int limit) proto.Limit = limit;
        return proto;
    }

    public static GetRequest FromProto(P.GetRequest proto) => new()
    {
        Ids = proto.Ids is null ? null : [.. proto.Ids.Values],
        Where = proto.HasWhereJson ? ParseWhere(proto.WhereJson) : null,
        WhereDocument = proto.HasWhereDocumentJson ? ParseWhereDocument(proto.WhereDocumentJson) : null,
        Limit = proto.HasLimit ? proto.Limit : null,
        Offset = proto.Offset,
        Include = FromProto(proto.Include),
    };

    public static P.QueryRequest ToProto(QueryRequest request)
    {
        var proto = new P.QueryRequest
        {
            NResults = request.NResults,
            Ids = ToProtoOrNull(request.Ids),
            Include = ToProto(request.Include),
        };
        foreach (float[] embedding in request.QueryEmbeddings) proto.QueryEmbeddings.Add(EmbeddingConversions.ToBytes(embedding));
        if (request.Where is not null) proto.WhereJson = request.Where.ToJson();
        if (request.WhereDocument is not null) proto.WhereDocumentJson = request.WhereDocument.ToJson();
        return proto;
    }

    public static QueryRequest FromProto(P.QueryRequest proto)
    {
        var embeddings = new float[proto.QueryEmbeddings.Count][];
        for (int i = 0; i < embeddings.Length; i++) embeddings[i] = EmbeddingConversions.FromBytes(proto.QueryEmbeddings[i]);
        return new QueryRequest
        {
            QueryEmbeddings = embeddings,
            NResults = proto.NResults,
            Ids = proto.Ids is null ? null : [.. proto.Ids.Values],
            Where = proto.HasWhereJson ? ParseWhere(proto.WhereJson) : null,
            WhereDocument = proto.HasWhereDocumentJson ? ParseWhereDocument(proto.WhereDocumentJson) : null,
            Include = FromProto(proto.Include),
        };
    }

    public static P.QueryResult ToProto(QueryResult result)
    {
        var proto = new P.QueryResult();
        foreach (GetResult rows in result.Results) proto.Results.Add(RecordConversions.ToProto(rows));
        if (result.Distances is not null)
        {
            proto.HasDistances = true;
            foreach (float[] distances in result.Distances)
            {
                var list = new P.Distances();
                list.Values.Add(distances);
                proto.Distances.Add(list);
            }
        }

        return proto;
    }

    public static QueryResult FromProto(P.QueryResult proto)
    {
        var results = new GetResult[proto.Results.Count];
        for (int i = 0; i < results.Length; i++) results[i] = RecordConversions.FromProto(proto.Results[i]);
        float[][]? distances = null;
        if (proto.HasDistances)
        {
            distances = new float[proto.Distances.Count][];
            for (int i = 0; i < distances.Length; i++) distances[i] = [.. proto.Distances[i].Values];
        }

        return new QueryResult { Results = results, Distances = distances };
    }

    public static P.IndexingStatus ToProto(IndexingStatus status) => new()
    {
        NumIndexedOps = status.NumIndexedOps,
        NumUnindexedOps = status.NumUnindexedOps,
        TotalOps = status.TotalOps,
    };

    public static IndexingStatus FromProto(P.IndexingStatus proto) =>
        new(proto.NumIndexedOps, proto.NumUnindexedOps, proto.TotalOps);

    // Include is [Flags] with the same bit values on both sides (see common.proto).
    public static P.Include ToProto(Include include) => new() { Flags = (uint)include };

    public static Include FromProto(P.Include? proto) => proto is null ? Include.None : (Include)proto.Flags;

    public static WhereClause ParseWhere(string json)
    {
        using JsonDocument document = ParseJson(json, "where");
        return WhereClause.Parse(document.RootElement);
    }

    public static WhereDocumentClause ParseWhereDocument(string json)
    {
        using JsonDocument document = ParseJson(json, "where_document");
        return WhereDocumentClause.Parse(document.RootElement);
    }

    private static JsonDocument ParseJson(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ChromaException(ChromaErrorCode.InvalidArgument, $"Invalid {what} JSON: {ex.Message}");
        }
    }

    private static P.StringList? ToProtoOrNull(string[]? ids)
    {
        if (ids is null) return null;
        var list = new P.StringList();
        list.Values.Add(ids);
        return list;
    }
}
