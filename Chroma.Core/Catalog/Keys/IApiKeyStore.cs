namespace Chroma.Core.Catalog.Keys;

/// <summary>
/// Persistence of API keys, next to the catalog: <see cref="SqliteApiKeyStore"/> in the local
/// modes, PostgreSQL in distributed mode. Stores hashes only; the gateway compares them.
/// Implementations are safe to call from many threads.
/// </summary>
public interface IApiKeyStore : IAsyncDisposable
{
    /// <summary>The key with this id, or null.</summary>
    ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken ct = default);

    /// <summary>Inserts the key; false when its id is already taken (nothing changed).</summary>
    ValueTask<bool> CreateAsync(ApiKeyRecord key, CancellationToken ct = default);

    /// <summary>
    /// Inserts or replaces the key with this id (configuration bootstrap: a key given in
    /// configuration is re-applied at every start, so editing its role or scope takes effect).
    /// </summary>
    ValueTask UpsertAsync(ApiKeyRecord key, CancellationToken ct = default);

    /// <summary>Keys ordered by id; only those of <paramref name="tenant"/> when given.</summary>
    ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken ct = default);

    /// <summary>False when there was no such key.</summary>
    ValueTask<bool> DeleteAsync(string keyId, CancellationToken ct = default);
}
