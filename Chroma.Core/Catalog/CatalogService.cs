using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// Chroma's catalog semantics (API.md §3-§6) over an <see cref="ICatalogStore"/>: name and
/// metadata validation, defaults, get_or_create, configuration resolution with the legacy
/// <c>hnsw:*</c> metadata keys, and Chroma's exact error codes and messages. Where real Chroma
/// has a defect (API.md §12) this does the sound thing instead: updating an unknown tenant or
/// creating a database under one is NotFound, a rename onto a taken name is AlreadyExists.
/// </summary>
/// <remarks>
/// Stateless apart from the store and a cache of collections by id, so one instance serves every thread. Validation always runs
/// before the store is touched, so an invalid request is a 400 even if it also names a missing
/// collection, as in Chroma.
/// </remarks>
public sealed partial class CatalogService : ICatalog, IAsyncDisposable, IDisposable
{
    private readonly ICatalogStore _store;
    private readonly bool _ownsStore;

    // Exact only while this service is the one writer of its store: true of the local engine
    // (one process per data folder) and of the SysDb service.
    private readonly CollectionCache _collections = new();

    /// <summary>Over an already initialised store (see <see cref="ICatalogStore.InitializeAsync"/>); the caller keeps ownership of it.</summary>
    public CatalogService(ICatalogStore store)
        : this(store, ownsStore: false)
    {
    }

    private CatalogService(ICatalogStore store, bool ownsStore)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _ownsStore = ownsStore;
    }

    /// <summary>The catalog in a SQLite file (created if missing, migrated, defaults ensured). Disposing the service closes it.</summary>
    public static CatalogService OpenSqlite(string path) => new(SqliteCatalogStore.Open(path), ownsStore: true);

    /// <summary>Initialises <paramref name="store"/> (migrations, defaults) and takes ownership of it.</summary>
    public static async ValueTask<CatalogService> OpenAsync(ICatalogStore store, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.InitializeAsync(ct).ConfigureAwait(false);
        return new CatalogService(store, ownsStore: true);
    }

    public async ValueTask ResetAsync(CancellationToken ct = default)
    {
        await _store.ResetAsync(ct).ConfigureAwait(false);
        _collections.InvalidateAll();
    }

    public ValueTask DisposeAsync() => _ownsStore ? _store.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (!_ownsStore) return;
        if (_store is IDisposable disposable) disposable.Dispose();
        else _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static void ValidatePage(int? limit, int offset)
    {
        if (limit is < 0) ThrowHelper.InvalidArgument($"limit must be a non-negative integer, got {limit}");
        if (offset < 0) ThrowHelper.InvalidArgument($"offset must be a non-negative integer, got {offset}");
    }
}
