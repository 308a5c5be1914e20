using System.Numerics.Tensors;
using Chroma.Core.Model;

namespace Chroma.Core.Execution;

/// <summary>
/// The checks that protect the engine's invariants, whoever calls it (the HTTP API validates
/// the same rules with Chroma's messages before this; embedded callers get them here).
/// </summary>
public static class RecordBatchValidation
{
    /// <summary>Validates a write batch; returns the dimension of its embeddings, or null when it has none.</summary>
    public static int? Validate(RecordBatch records, bool requireEmbeddings)
    {
        int n = records.Count;
        if ((records.Embeddings is not null && records.Embeddings.Length != n)
            || (records.Documents is not null && records.Documents.Length != n)
            || (records.Uris is not null && records.Uris.Length != n)
            || (records.Metadatas is not null && records.Metadatas.Length != n))
        {
            ThrowHelper.InvalidArgument("Inconsistent number of IDs, embeddings, documents, URIs and metadatas");
        }

        ValidateIds(records.Ids);
        if (records.Embeddings is null)
        {
            if (requireEmbeddings && n > 0) ThrowHelper.InvalidArgument("Embeddings are required");
            return null;
        }

        int? dimension = null;
        for (int i = 0; i < n; i++)
        {
            float[]? embedding = records.Embeddings[i];
            if (embedding is null)
            {
                if (requireEmbeddings) ThrowHelper.InvalidArgument($"Embedding for ID '{records.Ids[i]}' is missing");
                continue;
            }

            if (embedding.Length == 0) ThrowHelper.InvalidArgument("Embedding cannot be empty");
            if (dimension is null) dimension = embedding.Length;
            else if (embedding.Length != dimension) ThrowHelper.InvalidArgument("Inconsistent dimensions in provided embeddings");
            if (!IsFinite(embedding)) ThrowHelper.InvalidArgument($"Embedding for ID '{records.Ids[i]}' contains NaN or infinity");
        }

        return dimension;
    }

    public static void ValidateIds(string[] ids)
    {
        var seen = new HashSet<string>(ids.Length, StringComparer.Ordinal);
        foreach (string id in ids)
        {
            if (string.IsNullOrEmpty(id)) ThrowHelper.InvalidArgument("Empty ID, ID must have at least one character");
            if (!seen.Add(id)) ThrowHelper.InvalidArgument($"Expected IDs to be unique, found duplicates of: {id}");
        }
    }

    private static bool IsFinite(ReadOnlySpan<float> values)
    {
        // A finite sum proves every element finite (NaN and infinities propagate); only a
        // non-finite sum, which huge finite values can also cause, needs the element scan.
        float sum = TensorPrimitives.Sum(values);
        if (float.IsFinite(sum)) return true;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) return false;
        }

        return true;
    }
}
