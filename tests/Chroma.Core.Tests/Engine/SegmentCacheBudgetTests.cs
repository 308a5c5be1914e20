using Chroma.Core.Catalog;
using Chroma.Core.Compaction;
using Chroma.Core.Execution;
using Chroma.Core.Filtering;
using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Segments;
using Chroma.Core.Storage;

namespace Chroma.Core.Tests.Engine;

/// <summary>
/// A memory budget on the index versions in memory: past it the least recently read collections
/// leave memory, and reading them again loads them back with the same records.
/// </summary>
public sealed class SegmentCacheBudgetTests : IDisposable
{
    private const int RecordsPerCollection = 300;

    private readonly TempDirectory _dir = new();
    private readonly CatalogService _catalog;
    private readonly FileWriteAheadLog _log;
    private readonly LoadCountingSegmentStore _segments;

    public SegmentCacheBudgetTests()
    {
        _catalog = CatalogService.OpenSqlite(Path.Combine(_dir.Path, "catalog.sqlite3"));
        _log = new FileWriteAheadLog(Path.Combine(_dir.Path, "wal"));
        _segments = new LoadCountingSegmentStore(new BlobSegmentStore(new FileBlobStore(Path.Combine(_dir.Path, "blobs"))));
    }

    public void Dispose()
    {
        _log.Dispose();
        _catalog.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task LeastRecentlyReadCollectionLeavesMemoryAndReloadsWithTheSameRecords()
    {
        (CollectionInfo a, long bytes) = await CompactedCollectionAsync("aaa");
        (CollectionInfo b, _) = await CompactedCollectionAsync("bbb");
        (CollectionInfo c, _) = await CompactedCollectionAsync("ccc");
        // Room for two of the three (they are the same size give or take their names).
        (CollectionViewCache views, RecordReader reader) = CacheUnderTest((bytes * 5) / 2);

        await AssertAllRecordsAsync(reader, a);
        await AssertAllRecordsAsync(reader, b);
        Assert.Equal(2, views.CachedCount);
        await AssertAllRecordsAsync(reader, c);
        Assert.Equal(2, views.CachedCount);
        Assert.InRange(views.CachedBytes, 1, (bytes * 5) / 2);
        Assert.Equal(3, _segments.Loads);

        // b is still in memory; a left when c came, and comes back in place of c, now the least recent.
        await AssertAllRecordsAsync(reader, b);
        Assert.Equal(3, _segments.Loads);
        await AssertAllRecordsAsync(reader, a);
        Assert.Equal(4, _segments.Loads);
        await AssertAllRecordsAsync(reader, b);
        Assert.Equal(4, _segments.Loads);
        await AssertAllRecordsAsync(reader, c);
        Assert.Equal(5, _segments.Loads);
    }

    [Fact]
    public async Task FilterIndexesBuiltByAReadCountTowardsTheBudget()
    {
        (CollectionInfo a, _) = await CompactedCollectionAsync("aaa");
        (CollectionInfo b, _) = await CompactedCollectionAsync("bbb");
        (CollectionInfo c, _) = await CompactedCollectionAsync("ccc");
        var contains = new GetRequest { WhereDocument = WhereDocument.Contains("document 12"), Include = Include.None };

        // The size of a once read, then of its full-text index, as the cache counts them.
        (CollectionViewCache measuring, RecordReader measuringReader) = CacheUnderTest(long.MaxValue);
        await AssertAllRecordsAsync(measuringReader, a);
        long plain = measuring.CachedBytes;
        GetResult hits = await measuringReader.GetAsync(a, contains);
        Assert.Equal(["aaa-12", .. Enumerable.Range(120, 10).Select(i => $"aaa-{i}")], hits.Ids);
        long indexBytes = measuring.CachedBytes - plain;
        Assert.True(indexBytes > 0, "the full-text index built by the read is not counted");
        await measuringReader.GetAsync(a, contains);
        Assert.Equal(plain + indexBytes, measuring.CachedBytes);

        // Room for two collections without filter indexes, not for a with its index and another.
        (CollectionViewCache views, RecordReader reader) = CacheUnderTest((2 * plain) + (indexBytes / 2));
        await AssertAllRecordsAsync(reader, a);
        await AssertAllRecordsAsync(reader, b);
        await reader.GetAsync(a, contains);
        Assert.Equal(2, views.CachedCount);

        // Loading c trims: b (least recent) leaves, and a with its index no longer fits beside c.
        await AssertAllRecordsAsync(reader, c);
        Assert.Equal(1, views.CachedCount);
        Assert.Equal(plain, views.CachedBytes);
        await AssertAllRecordsAsync(reader, a);
        Assert.Equal(4, _segments.Loads);
    }

    [Fact]
    public async Task CollectionLargerThanTheBudgetStaysInMemoryAlone()
    {
        (CollectionInfo a, long bytes) = await CompactedCollectionAsync("aaa");
        (CollectionInfo b, _) = await CompactedCollectionAsync("bbb");
        (CollectionViewCache views, RecordReader reader) = CacheUnderTest(bytes / 2);

        await AssertAllRecordsAsync(reader, a);
        await AssertAllRecordsAsync(reader, a);
        Assert.Equal(1, _segments.Loads);
        await AssertAllRecordsAsync(reader, b);
        Assert.Equal(1, views.CachedCount);
        Assert.Equal(2, _segments.Loads);
    }

    [Fact]
    public async Task WithoutBudgetEveryCollectionReadStaysInMemory()
    {
        (CollectionInfo a, _) = await CompactedCollectionAsync("aaa");
        (CollectionInfo b, _) = await CompactedCollectionAsync("bbb");
        (CollectionViewCache views, RecordReader reader) = CacheUnderTest(long.MaxValue);

        for (int i = 0; i < 3; i++)
        {
            await AssertAllRecordsAsync(reader, a);
            await AssertAllRecordsAsync(reader, b);
        }

        Assert.Equal(2, views.CachedCount);
        Assert.Equal(2, _segments.Loads);
    }

    [Fact]
    public async Task ReadWhoseCollectionLeftMemoryMidwayIsRetriedOnTheNewerVersion()
    {
        // The race: a read takes the collection's cached state; the collection then leaves memory,
        // a newer version is installed (into a fresh state) and registered, and the log drops
        // what it covers. The read's own state still holds the older version, so its log tail
        // now has a gap. That is not data loss: the read must go again through the current state.
        var hooked = new ScoutHookLog(_log);
        var views = new CollectionViewCache(hooked, _segments, long.MaxValue - 1);
        var reader = new RecordReader(views, hooked);
        await using var compactor = new Compactor(_catalog, hooked, _segments, views);
        CollectionInfo collection = await CreateAsync("racy");
        await new RecordWriter(_catalog, hooked, reader, null).AddAsync(collection, Batch("racy", 0, 3));
        Assert.True(await compactor.CompactAsync(collection.Id));
        // Written past version 1 by a writer with a cache of its own: the state under test has not
        // read this tail yet, so the read below has to fetch it from the log.
        var otherWriter = new RecordWriter(_catalog, hooked, new RecordReader(new CollectionViewCache(hooked, _segments), hooked), null);
        await otherWriter.AddAsync(collection, Batch("racy", 3, 6));
        CollectionInfo atVersionOne = await _catalog.GetCollectionByIdAsync(collection.Id);
        Assert.Equal(1, atVersionOne.Version);

        hooked.BeforeNextScout = async () =>
        {
            views.Evict(collection.Id);
            Assert.True(await compactor.CompactAsync(collection.Id));
        };
        GetResult result = await reader.GetAsync(atVersionOne, new GetRequest { Include = Include.None });

        Assert.Null(hooked.BeforeNextScout);
        Assert.Equal(2, (await _catalog.GetCollectionByIdAsync(collection.Id)).Version);
        Assert.Equal(["racy-0", "racy-1", "racy-2", "racy-3", "racy-4", "racy-5"], result.Ids);
    }

    /// <summary>A cache with <paramref name="budget"/> and a reader over it, the load count starting at zero.</summary>
    private (CollectionViewCache Views, RecordReader Reader) CacheUnderTest(long budget)
    {
        var views = new CollectionViewCache(_log, _segments, budget);
        _segments.Loads = 0;
        return (views, new RecordReader(views, _log));
    }

    private async Task<(CollectionInfo Collection, long Bytes)> CompactedCollectionAsync(string name)
    {
        // Versions are built by a compactor with a cache of its own; the cache under test loads them.
        var views = new CollectionViewCache(_log, _segments);
        var writer = new RecordWriter(_catalog, _log, new RecordReader(views, _log), null);
        await using var compactor = new Compactor(_catalog, _log, _segments, views);
        CollectionInfo created = await CreateAsync(name);
        await writer.AddAsync(created, Batch(name, 0, RecordsPerCollection));
        Assert.True(await compactor.CompactAsync(created.Id));
        CollectionInfo registered = await _catalog.GetCollectionByIdAsync(created.Id);
        // The size as loaded from the store (a freshly built version may have spare capacity).
        CollectionSegment loaded = await new CollectionViewCache(_log, _segments).GetSegmentAsync(registered);
        return (registered, loaded.EstimatedBytes);
    }

    private ValueTask<CollectionInfo> CreateAsync(string name) =>
        _catalog.CreateCollectionAsync(new CreateCollectionRequest
        {
            Tenant = CatalogDefaults.Tenant, Database = CatalogDefaults.Database, Name = name,
        });

    private static RecordBatch Batch(string prefix, int from, int to)
    {
        var ids = new string[to - from];
        var embeddings = new float[to - from][];
        var documents = new string?[to - from];
        for (int i = from; i < to; i++)
        {
            ids[i - from] = $"{prefix}-{i}";
            embeddings[i - from] = [i, 1f, -i, 0.5f];
            documents[i - from] = $"document {i} of {prefix}";
        }

        return new RecordBatch(ids, embeddings, documents);
    }

    private static async Task AssertAllRecordsAsync(RecordReader reader, CollectionInfo collection)
    {
        GetResult all = await reader.GetAsync(collection, new GetRequest { Include = Include.Documents | Include.Embeddings });
        Assert.Equal(RecordsPerCollection, all.Ids.Length);
        for (int i = 0; i < all.Ids.Length; i++)
        {
            Assert.Equal($"{collection.Name}-{i}", all.Ids[i]);
            Assert.Equal($"document {i} of {collection.Name}", all.Documents![i]);
            Assert.Equal([i, 1f, -i, 0.5f], all.Embeddings![i]!);
        }
    }

    /// <summary>Runs <see cref="BeforeNextScout"/> once, at the next ScoutAsync, before answering it.</summary>
    private sealed class ScoutHookLog(IWriteAheadLog inner) : IWriteAheadLog
    {
        public Func<Task>? BeforeNextScout { get; set; }

        public async ValueTask<long> ScoutAsync(Guid collectionId, CancellationToken ct = default)
        {
            Func<Task>? hook = BeforeNextScout;
            BeforeNextScout = null;
            if (hook is not null) await hook();
            return await inner.ScoutAsync(collectionId, ct);
        }

        public ValueTask<LogEntry> AppendAsync(Guid collectionId, OperationKind operation, RecordBatch records, CancellationToken ct = default) =>
            inner.AppendAsync(collectionId, operation, records, ct);

        public ValueTask<IReadOnlyList<LogEntry>> ReadAsync(Guid collectionId, long afterOffset, int maxRecords, CancellationToken ct = default) =>
            inner.ReadAsync(collectionId, afterOffset, maxRecords, ct);

        public ValueTask AdvanceCompactionAsync(Guid collectionId, long offset, CancellationToken ct = default) =>
            inner.AdvanceCompactionAsync(collectionId, offset, ct);

        public ValueTask DropAsync(Guid collectionId, CancellationToken ct = default) => inner.DropAsync(collectionId, ct);
    }
}
