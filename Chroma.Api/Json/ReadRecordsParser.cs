using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>Bodies of get / query / delete. Unknown fields are ignored, as in Chroma.</summary>
internal static class ReadRecordsParser
{
    private const long U32Max = uint.MaxValue;

    public static GetPayload ParseGet(ReadOnlySpan<byte> body) => ParseGuard.Run(body, 0, static (b, _) => ParseGetCore(b));

    public static QueryPayload ParseQuery(ReadOnlySpan<byte> body) => ParseGuard.Run(body, 0, static (b, _) => ParseQueryCore(b));

    public static DeletePayload ParseDelete(ReadOnlySpan<byte> body) => ParseGuard.Run(body, 0, static (b, _) => ParseDeleteCore(b));

    private static GetPayload ParseGetCore(ReadOnlySpan<byte> body)
    {
        var reader = new PayloadReader(body);
        reader.ReadRootObject("struct GetRequestPayload");
        string[]? ids = null;
        JsonElement? where = null, whereDocument = null;
        long? limit = null, offset = null;
        IncludeList? include = null;
        while (reader.NextProperty())
        {
            if (reader.PropertyIs("ids"u8)) ids = reader.ReadNullableStringArray("ids");
            else if (reader.PropertyIs("where"u8)) where = reader.ReadNullableElement();
            else if (reader.PropertyIs("where_document"u8)) whereDocument = reader.ReadNullableElement();
            else if (reader.PropertyIs("limit"u8)) limit = reader.ReadNullableUnsigned("limit", "u32", U32Max);
            else if (reader.PropertyIs("offset"u8)) offset = reader.ReadNullableUnsigned("offset", "u32", U32Max);
            else if (reader.PropertyIs("include"u8)) include = ReadInclude(ref reader);
            else reader.SkipValue();
        }

        reader.EnsureEnd();
        return new GetPayload(ids, where, whereDocument, limit, offset, include ?? IncludeList.GetDefault);
    }

    private static QueryPayload ParseQueryCore(ReadOnlySpan<byte> body)
    {
        var reader = new PayloadReader(body);
        reader.ReadRootObject("struct QueryRequestPayload");
        float[][]? embeddings = null;
        var shape = new EmbeddingShape();
        long? nResults = null;
        string[]? ids = null;
        JsonElement? where = null, whereDocument = null;
        IncludeList? include = null;
        while (reader.NextProperty())
        {
            if (reader.PropertyIs("query_embeddings"u8)) embeddings = reader.ReadQueryEmbeddings("query_embeddings", ref shape);
            else if (reader.PropertyIs("n_results"u8)) nResults = reader.ReadNullableUnsigned("n_results", "u32", U32Max);
            else if (reader.PropertyIs("ids"u8)) ids = reader.ReadNullableStringArray("ids");
            else if (reader.PropertyIs("where"u8)) where = reader.ReadNullableElement();
            else if (reader.PropertyIs("where_document"u8)) whereDocument = reader.ReadNullableElement();
            else if (reader.PropertyIs("include"u8)) include = ReadInclude(ref reader);
            else reader.SkipValue();
        }

        if (embeddings is null) throw reader.MissingField("", "query_embeddings");
        reader.EnsureEnd();

        if (shape.HasEmpty) ThrowHelper.InvalidArgument("Validation error: query_embeddings: Each embedding must have at least 1 dimension");
        if (shape.Inconsistent) ThrowHelper.InvalidArgument("Inconsistent dimensions in provided embeddings");
        return new QueryPayload(embeddings, nResults ?? 10, ids, where, whereDocument, include ?? IncludeList.QueryDefault);
    }

    private static DeletePayload ParseDeleteCore(ReadOnlySpan<byte> body)
    {
        var reader = new PayloadReader(body);
        reader.ReadRootObject("struct DeleteCollectionRecordsPayload");
        string[]? ids = null;
        JsonElement? where = null, whereDocument = null;
        long? limit = null;
        while (reader.NextProperty())
        {
            if (reader.PropertyIs("ids"u8)) ids = reader.ReadNullableStringArray("ids");
            else if (reader.PropertyIs("where"u8)) where = reader.ReadNullableElement();
            else if (reader.PropertyIs("where_document"u8)) whereDocument = reader.ReadNullableElement();
            else if (reader.PropertyIs("limit"u8)) limit = reader.ReadNullableUnsigned("limit", "u32", U32Max);
            else reader.SkipValue();
        }

        reader.EnsureEnd();
        return new DeletePayload(ids, where, whereDocument, limit);
    }

    private static IncludeList? ReadInclude(ref PayloadReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw reader.InvalidType("include", "a sequence");
        var items = new PooledList<Include>();
        try
        {
            while (true)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndArray) break;
                string path = $"include[{items.Count}]";
                if (reader.TokenType != JsonTokenType.String) throw reader.InvalidType(path, "enum Include");
                string value = reader.GetStringValue();
                if (!IncludeList.TryParse(value, out var field)) throw reader.UnknownVariant(path, value, IncludeList.ExpectedVariants);
                items.Add(field);
            }

            return new IncludeList(items.ToArrayAndDispose());
        }
        finally
        {
            items.Dispose();
        }
    }
}
