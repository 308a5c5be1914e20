using System.Collections.Concurrent;
using Chroma.Core.Catalog.Keys;

namespace Chroma.Gateway.Policies;

/// <summary>
/// Token → key, through a short cache in front of the key store. The cache is keyed by key id and
/// holds the stored record (hash included), so every request still compares its own token's hash
/// in constant time: a cached entry never lets a different token through. Misses are cached too,
/// so a flood of made-up tokens costs one store lookup per id per <see cref="GatewayAuthOptions.CacheSeconds"/>.
/// The configured keys are written to the store once, before the first lookup.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private const int MaxCachedEntries = 100_000;

    private readonly IApiKeyStore _store;
    private readonly GatewayAuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly Lazy<Task> _bootstrap;

    public ApiKeyAuthenticator(IApiKeyStore store, GatewayAuthOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
        _bootstrap = new Lazy<Task>(BootstrapAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IApiKeyStore Store => _store;

    /// <summary>Upserts the configured keys (idempotent; runs once per process).</summary>
    public Task EnsureBootstrappedAsync() => _bootstrap.Value;

    /// <summary>The key this token belongs to, or null (unknown token, or the hash does not match).</summary>
    public async ValueTask<ApiKeyRecord?> AuthenticateAsync(string token, CancellationToken ct)
    {
        await EnsureBootstrappedAsync().ConfigureAwait(false);
        string keyId = ApiKeyToken.KeyIdOf(token);
        long now = _time.GetTimestamp();
        ApiKeyRecord? key;
        if (_cache.TryGetValue(keyId, out CacheEntry entry) && now < entry.ExpiresAt)
        {
            key = entry.Key;
        }
        else
        {
            key = await _store.FindAsync(keyId, ct).ConfigureAwait(false);
            // Bounded: past the cap the cache is dropped wholesale rather than tracked per entry.
            if (_cache.Count >= MaxCachedEntries) _cache.Clear();
            _cache[keyId] = new CacheEntry(key, now + (long)(_options.CacheSeconds * _time.TimestampFrequency));
        }

        return key is not null && ApiKeyToken.Matches(token, key.TokenHash) ? key : null;
    }

    /// <summary>Forgets a key now (created or deleted through this gateway).</summary>
    public void Invalidate(string keyId) => _cache.TryRemove(keyId, out _);

    private async Task BootstrapAsync()
    {
        DateTimeOffset now = _time.GetUtcNow();
        foreach (ConfiguredApiKey configured in _options.Keys)
        {
            ApiKeyRecord key = GatewayPolicyOptions.ToRecord(configured, now);
            await _store.UpsertAsync(key).ConfigureAwait(false);
            Invalidate(key.KeyId);
        }
    }

    private readonly record struct CacheEntry(ApiKeyRecord? Key, long ExpiresAt);
}
