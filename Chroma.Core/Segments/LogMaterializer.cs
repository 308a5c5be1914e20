using Chroma.Core.Log;
using Chroma.Core.Model;

namespace Chroma.Core.Segments;

/// <summary>
/// Folds log entries, in offset order, into the current state of every id they touch,
/// relative to a base index version. This is the one place that defines Chroma's write
/// semantics (API.md §7); readers (log tail) and the compactor (next version) share it:
/// <list type="bullet">
/// <item>add of an existing id is ignored; update of a missing id is ignored;</item>
/// <item>update/upsert keep every field not sent; metadata merges key by key and a null value deletes the key;</item>
/// <item>upsert of a missing id is an add; delete removes.</item>
/// </list>
/// </summary>
public sealed class LogMaterializer
{
    private readonly CollectionSegment? _base;
    private readonly Dictionary<string, TailChange> _changes;

    public LogMaterializer(CollectionSegment? baseSegment, Dictionary<string, TailChange>? startFrom = null)
    {
        _base = baseSegment;
        _changes = startFrom is null
            ? new Dictionary<string, TailChange>(StringComparer.Ordinal)
            : new Dictionary<string, TailChange>(startFrom, StringComparer.Ordinal);
    }

    public Dictionary<string, TailChange> Changes => _changes;

    public void Apply(LogEntry entry)
    {
        RecordBatch batch = entry.Records;
        for (int i = 0; i < batch.Count; i++)
        {
            string id = batch.Ids[i];
            long offset = entry.FirstOffset + i;
            int baseLabel = BaseLabelOf(id, out TailChange? change);
            // Whether the record exists is all that add and delete need; only a merge reads the
            // stored record, which for a base record means copying its fields out of the version.
            bool exists = change is not null ? change.Current is not null : baseLabel >= 0;

            MaterializedRecord? next;
            switch (entry.Operation)
            {
                case OperationKind.Add:
                    if (exists) continue;
                    next = NewRecord(batch, i, id, offset);
                    break;
                case OperationKind.Update:
                    if (!exists) continue;
                    next = Merge(Existing(change, baseLabel, batch, i), batch, i);
                    break;
                case OperationKind.Upsert:
                    next = exists ? Merge(Existing(change, baseLabel, batch, i), batch, i) : NewRecord(batch, i, id, offset);
                    break;
                case OperationKind.Delete:
                    if (!exists) continue;
                    next = null;
                    break;
                default:
                    ThrowHelper.DataCorrupted($"Unknown log operation {(byte)entry.Operation} at offset {offset}.");
                    return;
            }

            if (next is null && baseLabel < 0)
            {
                _changes.Remove(id); // added and deleted within the tail: as if never there
            }
            else
            {
                _changes[id] = new TailChange(baseLabel, next);
            }
        }
    }

    /// <summary>
    /// The current record of an existing id. A base record's vector is copied only when the update
    /// keeps it: one that sends a new embedding replaces it in <see cref="Merge"/>.
    /// </summary>
    private MaterializedRecord Existing(TailChange? change, int baseLabel, RecordBatch batch, int i) =>
        change is not null ? change.Current! : _base!.GetRecord(baseLabel, withEmbedding: batch.Embeddings?[i] is null);

    private int BaseLabelOf(string id, out TailChange? change)
    {
        if (_changes.TryGetValue(id, out change)) return change.BaseLabel;
        return _base is not null && _base.TryGetLabel(id, out int label) ? label : -1;
    }

    private static MaterializedRecord? NewRecord(RecordBatch batch, int i, string id, long offset)
    {
        float[]? embedding = batch.Embeddings?[i];
        if (embedding is null)
        {
            // The API requires embeddings on add/upsert; a log entry without one cannot be applied.
            ThrowHelper.DataCorrupted($"Log record for id '{id}' at offset {offset} inserts a record without an embedding.");
        }

        return new MaterializedRecord
        {
            Id = id,
            Embedding = embedding,
            Document = batch.Documents?[i],
            Uri = batch.Uris?[i],
            Metadata = WithoutNulls(batch.Metadatas?[i]),
            Sequence = offset,
            EmbeddingChanged = true,
        };
    }

    private static MaterializedRecord Merge(MaterializedRecord existing, RecordBatch batch, int i)
    {
        float[]? embedding = batch.Embeddings?[i];
        return new MaterializedRecord
        {
            Id = existing.Id,
            Embedding = embedding ?? existing.Embedding,
            Document = batch.Documents?[i] ?? existing.Document,
            Uri = batch.Uris?[i] ?? existing.Uri,
            Metadata = MergeMetadata(existing.Metadata, batch.Metadatas?[i]),
            Sequence = existing.Sequence,
            EmbeddingChanged = existing.EmbeddingChanged || embedding is not null,
        };
    }

    internal static IReadOnlyDictionary<string, MetadataValue>? MergeMetadata(IReadOnlyDictionary<string, MetadataValue>? existing, Dictionary<string, MetadataValue>? update)
    {
        if (update is null) return existing;
        var merged = existing is null
            ? new Dictionary<string, MetadataValue>(update.Count, StringComparer.Ordinal)
            : new Dictionary<string, MetadataValue>(existing, StringComparer.Ordinal);
        foreach (var (key, value) in update)
        {
            if (value.IsNull) merged.Remove(key);
            else merged[key] = value;
        }

        return merged.Count == 0 ? null : merged;
    }

    private static Dictionary<string, MetadataValue>? WithoutNulls(Dictionary<string, MetadataValue>? metadata)
    {
        if (metadata is null) return null;
        bool hasNull = false;
        foreach (var value in metadata.Values)
        {
            if (value.IsNull) { hasNull = true; break; }
        }

        if (!hasNull) return metadata.Count == 0 ? null : metadata;
        var clean = new Dictionary<string, MetadataValue>(metadata.Count, StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (!value.IsNull) clean[key] = value;
        }

        return clean.Count == 0 ? null : clean;
    }
}
