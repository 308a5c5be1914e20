using Chroma.Core.Catalog;
using Chroma.Core.Compaction;
using Chroma.Core.Execution;
using Chroma.Core.Log;
using Chroma.Core.Segments;
using Chroma.Core.Storage;

namespace Chroma.Core;

/// <summary>
/// The embedded entry point: the whole engine in process over one folder. Single node is this
/// engine behind HTTP; distributed mode composes the same parts with remote backends.
/// <code>
/// {path}/chroma.sqlite3   catalog (SQLite)
/// {path}/wal/             write-ahead log, one folder per collection
/// {path}/blobs/           index versions (the local blob store)
/// </code>
/// </summary>
public sealed partial class ChromaEngine : IAsyncDisposable
{
    private readonly FileWriteAheadLog _log;
    private readonly ISegmentStore _segments;
    private readonly CollectionViewCache _views;
    private readonly Compactor _compactor;
    private readonly IDisposable? _catalogResource;

    private ChromaEngine(ChromaEngineOptions options, ICatalog catalog, IDisposable? catalogResource, FileWriteAheadLog log, IBlobStore blobs)
    {
        Options = options;
        _catalogResource = catalogResource;
        _log = log;
        _segments = new BlobSegmentStore(blobs);
        _views = new CollectionViewCache(log, _segments, options.SegmentCacheBytes ?? long.MaxValue);
        var reader = new RecordReader(_views, log);
        _compactor = new Compactor(catalog, log, _segments, _views, options.Log);
        Catalog = new DataDroppingCatalog(catalog, DropCollectionDataAsync, DropAllDataAsync, options.AllowReset);
        Reader = reader;
        Writer = new RecordWriter(catalog, log, reader, options.BackgroundCompaction ? _compactor.Notify : null);
    }

    public ChromaEngineOptions Options { get; }

    /// <summary>Tenants, databases and collections. Deleting a collection drops its records too.</summary>
    public ICatalog Catalog { get; }
    public IRecordWriter Writer { get; }
    public IRecordReader Reader { get; }
    public bool AllowReset => Options.AllowReset;

    public static Task<ChromaEngine> OpenAsync(ChromaEngineOptions options, CancellationToken ct = default)
    {
        string root = System.IO.Path.GetFullPath(options.Path);
        Directory.CreateDirectory(root);
        CatalogService catalog = CatalogService.OpenSqlite(System.IO.Path.Combine(root, "chroma.sqlite3"));
        FileWriteAheadLog log;
        try
        {
            // Fails when another process holds the folder: release the catalog so a retry can open it.
            log = new FileWriteAheadLog(new FileWriteAheadLogOptions { RootPath = System.IO.Path.Combine(root, "wal"), Log = options.Log });
        }
        catch
        {
            catalog.Dispose();
            throw;
        }

        var blobs = new FileBlobStore(System.IO.Path.Combine(root, "blobs"));
        var engine = new ChromaEngine(options, catalog, catalog, log, blobs);
        if (options.BackgroundCompaction)
        {
            engine._compactor.Start();
            // A tail left by the previous run (crash or shutdown before compaction) is indexed now,
            // not at the next write. Reads serve it from the log meanwhile. Logs are recovered lazily,
            // so one damaged collection log fails that collection only, not the whole engine.
            foreach (Guid collectionId in log.ListCollections()) engine._compactor.Notify(collectionId);
        }

        return Task.FromResult(engine);
    }

    /// <summary>Compacts the collection's log tail into a new index version now (tests and tools).</summary>
    public Task<bool> CompactAsync(Guid collectionId, CancellationToken ct = default) => _compactor.CompactAsync(collectionId, ct);

    private async ValueTask DropCollectionDataAsync(Guid collectionId, CancellationToken ct)
    {
        _views.Evict(collectionId);
        await _log.DropAsync(collectionId, ct).ConfigureAwait(false);
        await _segments.DropAsync(collectionId, ct).ConfigureAwait(false);
    }

    private async ValueTask DropAllDataAsync(CancellationToken ct)
    {
        foreach (Guid collectionId in _log.ListCollections())
        {
            await _log.DropAsync(collectionId, ct).ConfigureAwait(false);
            await _segments.DropAsync(collectionId, ct).ConfigureAwait(false);
        }

        _views.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _compactor.DisposeAsync().ConfigureAwait(false);
        _log.Dispose();
        _catalogResource?.Dispose();
    }
}
