using System.Collections.Concurrent;
using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// Collections by id, so the record routes (which look their collection up on every request)
/// do not read and parse the store each time. Exact as long as the owning
/// <see cref="CatalogService"/> is the only writer of its store: every mutation there
/// invalidates after it reached the store.
/// <para>Race: a reader may fetch a value, a mutation may land, and the reader may then cache
/// the stale value. Mutations bump <see cref="_generation"/> before removing; a reader that sees
/// the generation move after caching removes its entry again, so a stale entry never survives.</para>
/// </summary>
internal sealed class CollectionCache
{
    private readonly ConcurrentDictionary<Guid, CollectionInfo> _items = new();
    private long _generation;

    public long Generation => Volatile.Read(ref _generation);

    public bool TryGet(Guid id, out CollectionInfo collection) => _items.TryGetValue(id, out collection!);

    /// <summary>Caches a value read from the store when no mutation happened since <paramref name="generationBeforeRead"/>.</summary>
    public void Add(CollectionInfo collection, long generationBeforeRead)
    {
        if (Generation != generationBeforeRead) return;
        _items[collection.Id] = collection;
        if (Generation != generationBeforeRead) _items.TryRemove(collection.Id, out _);
    }

    public void Invalidate(Guid id)
    {
        Interlocked.Increment(ref _generation);
        _items.TryRemove(id, out _);
    }

    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _items.Clear();
    }
}
