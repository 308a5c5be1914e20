using Chroma.Core.Model;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution.Operators;

/// <summary>Projection: the included columns of the chosen rows. Unrequested columns stay null.</summary>
internal static class ProjectionOperator
{
    public static GetResult Execute(CollectionSegment segment, List<RowRef> rows, Include include)
    {
        int n = rows.Count;
        var ids = new string[n];
        float[]?[]? embeddings = include.HasFlag(Include.Embeddings) ? new float[]?[n] : null;
        string?[]? documents = include.HasFlag(Include.Documents) ? new string?[n] : null;
        string?[]? uris = include.HasFlag(Include.Uris) ? new string?[n] : null;
        IReadOnlyDictionary<string, MetadataValue>?[]? metadatas = include.HasFlag(Include.Metadatas) ? new IReadOnlyDictionary<string, MetadataValue>?[n] : null;

        for (int i = 0; i < n; i++)
        {
            RowRef row = rows[i];
            if (row.Tail is { } record)
            {
                ids[i] = record.Id;
                if (embeddings is not null) embeddings[i] = record.Embedding;
                if (documents is not null) documents[i] = record.Document;
                if (uris is not null) uris[i] = record.Uri;
                if (metadatas is not null) metadatas[i] = record.Metadata;
            }
            else
            {
                int label = row.Label;
                ids[i] = segment.IdOf(label);
                if (embeddings is not null) embeddings[i] = segment.Index!.GetVector(label).ToArray();
                if (documents is not null) documents[i] = segment.DocumentOf(label);
                if (uris is not null) uris[i] = segment.UriOf(label);
                if (metadatas is not null) metadatas[i] = segment.MetadataOf(label);
            }
        }

        return new GetResult { Ids = ids, Embeddings = embeddings, Documents = documents, Uris = uris, Metadatas = metadatas };
    }
}
