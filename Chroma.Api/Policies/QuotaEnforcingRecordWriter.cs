using System.Collections.Concurrent;
using Chroma.Core.Execution;
using Chroma.Core.Model;

namespace Chroma.Api.Policies;

/// <summary>
/// Enforces records-per-collection where the records are: wraps the writer of the process that
/// owns a collection's writes (single node; the log owner in distributed mode).
/// </summary>
/// <remarks>
/// Precision: a write is admitted only if count + in-flight reservations + its new ids fit, and
/// the check and the reservation happen under one lock per collection, so concurrent writes never
/// push a collection past its limit. The reservation is released after the write is durable, when
/// the count already includes it; in that instant both are counted, so a write racing close to the
/// limit may be refused although it would have fit (never the reverse). Near the limit the new ids
/// are counted exactly (ids already stored, or repeated in the batch, add nothing).
/// Update never adds records and is not checked.
/// </remarks>
public sealed class QuotaEnforcingRecordWriter(IRecordWriter inner, IRecordReader reader, ChromaQuotaOptions quotas) : IRecordWriter
{
    private readonly StripedLocks _locks = new(64);
    private readonly ConcurrentDictionary<Guid, long> _reserved = new();

    public async ValueTask AddAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default)
    {
        long reserved = await ReserveAsync(collection, records, ct).ConfigureAwait(false);
        try
        {
            await inner.AddAsync(collection, records, ct).ConfigureAwait(false);
        }
        finally
        {
            Release(collection.Id, reserved);
        }
    }

    public async ValueTask UpsertAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default)
    {
        long reserved = await ReserveAsync(collection, records, ct).ConfigureAwait(false);
        try
        {
            await inner.UpsertAsync(collection, records, ct).ConfigureAwait(false);
        }
        finally
        {
            Release(collection.Id, reserved);
        }
    }

    public ValueTask UpdateAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default) =>
        inner.UpdateAsync(collection, records, ct);

    public ValueTask<int> DeleteAsync(CollectionInfo collection, DeleteRequest request, CancellationToken ct = default) =>
        inner.DeleteAsync(collection, request, ct);

    private async ValueTask<long> ReserveAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct)
    {
        long limit = quotas.For(collection.Tenant).MaxRecordsPerCollection;
        if (limit <= 0) return 0;

        SemaphoreSlim gate = _locks.For(collection.Id);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            long current = await reader.CountAsync(collection, ct).ConfigureAwait(false);
            long inFlight = _reserved.TryGetValue(collection.Id, out long r) ? r : 0;
            long adding = records.Count;
            if (current + inFlight + adding > limit)
            {
                // Close to the limit: count only ids that would really be new.
                adding = await CountNewIdsAsync(collection, records.Ids, ct).ConfigureAwait(false);
                if (current + inFlight + adding > limit)
                {
                    QuotaExceeded.Throw(
                        $"records per collection is {limit} for tenant '{collection.Tenant}'; collection {collection.Name} has {current + inFlight} and this write adds {adding}");
                }
            }

            if (adding > 0) _reserved.AddOrUpdate(collection.Id, adding, (_, old) => old + adding);
            return adding;
        }
        finally
        {
            gate.Release();
        }
    }

    private async ValueTask<long> CountNewIdsAsync(CollectionInfo collection, string[] ids, CancellationToken ct)
    {
        var distinct = new HashSet<string>(ids, StringComparer.Ordinal);
        string[] unique = [.. distinct];
        GetResult existing = await reader.GetAsync(collection, new GetRequest { Ids = unique, Include = Include.None }, ct).ConfigureAwait(false);
        return unique.Length - existing.Ids.Length;
    }

    private void Release(Guid collectionId, long reserved)
    {
        if (reserved == 0) return;
        long left = _reserved.AddOrUpdate(collectionId, 0, (_, old) => old - reserved);
        if (left == 0) _reserved.TryRemove(new KeyValuePair<Guid, long>(collectionId, 0));
    }
}
