using Chroma.Api.Json;
using Chroma.Core.Execution;
using Chroma.Core.Model;

namespace Chroma.Api.Validation;

/// <summary>
/// The stateless checks of a record write (API.md §7), in real Chroma's order, with its messages.
/// What needs the collection (its dimension) is the writer's job.
/// </summary>
internal static class RecordValidator
{
    public static void ValidateWrite(RecordBatch batch, in EmbeddingShape shape)
    {
        if (shape.HasEmpty) Fail("Validation error: embeddings: Each embedding must have at least 1 dimension");

        int count = batch.Ids.Length;
        if ((batch.Embeddings is not null && batch.Embeddings.Length != count)
            || (batch.Documents is not null && batch.Documents.Length != count)
            || (batch.Uris is not null && batch.Uris.Length != count)
            || (batch.Metadatas is not null && batch.Metadatas.Length != count))
        {
            Fail("Inconsistent number of IDs, embeddings, documents, URIs and metadatas");
        }

        // Non-empty and unique within the batch (real Chroma lets duplicates through; clients reject them).
        RecordBatchValidation.ValidateIds(batch.Ids);

        if (batch.Metadatas is { } metadatas)
        {
            for (int i = 0; i < metadatas.Length; i++)
            {
                if (metadatas[i] is { } map && !KeysAreValid(map))
                    Fail($"Validation error: metadatas: Invalid metadata at index {i}");
            }
        }

        if (shape.Inconsistent) Fail("Inconsistent dimensions in provided embeddings");
    }

    /// <summary>Record metadata keys: non-empty, not starting with '#' or '$' (reserved for filters).</summary>
    public static bool KeysAreValid(Dictionary<string, MetadataValue> map)
    {
        foreach (var key in map.Keys)
        {
            if (key.Length == 0 || key[0] == '#' || key[0] == '$') return false;
        }

        return true;
    }

    private static void Fail(string message) => ThrowHelper.InvalidArgument(message);
}
