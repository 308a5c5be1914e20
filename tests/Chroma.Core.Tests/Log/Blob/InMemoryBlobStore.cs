using Chroma.Core.Storage;

namespace Chroma.Core.Tests.Log.Blob;

/// <summary>
/// An <see cref="IBlobStore"/> test double that honours the conditions exactly as Azure does:
/// create-only fails when the blob exists, If-Match fails unless the ETag is current (or the
/// blob is absent). Every call yields first, like real I/O, so group commit sees concurrency.
/// <see cref="BeforePut"/> lets a test interleave another writer or inject a fault.
/// </summary>
internal sealed class InMemoryBlobStore : IBlobStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, (byte[] Data, string ETag)> _blobs = new(StringComparer.Ordinal);
    private long _version;
    private int _puts;
    private int _reads;
    private readonly List<string> _listed = [];

    /// <summary>Runs before each write's condition check; may throw to fail the write.</summary>
    public Func<string, BlobCondition, Task>? BeforePut { get; set; }

    public int Puts => Volatile.Read(ref _puts);
    public int Reads => Volatile.Read(ref _reads);
    /// <summary>Listings of exactly <paramref name="prefix"/> so far.</summary>
    public int ListingsOf(string prefix)
    {
        lock (_lock) return _listed.Count(listed => listed == prefix);
    }

    public async Task<string> PutAsync(string key, Stream content, BlobCondition condition = default, CancellationToken ct = default)
    {
        await Task.Yield();
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, ct);
        if (BeforePut is { } hook) await hook(key, condition);
        lock (_lock)
        {
            bool exists = _blobs.TryGetValue(key, out (byte[] Data, string ETag) current);
            if (condition.IfNoneMatch && exists) throw new BlobConditionFailedException(key);
            if (condition.IfMatch is { } expected && (!exists || current.ETag != expected)) throw new BlobConditionFailedException(key);
            string etag = $"\"{++_version}\"";
            _blobs[key] = (copy.ToArray(), etag);
            _puts++;
            return etag;
        }
    }

    public async Task<BlobReadResult?> OpenReadAsync(string key, CancellationToken ct = default)
    {
        await Task.Yield();
        lock (_lock)
        {
            _reads++;
            if (!_blobs.TryGetValue(key, out (byte[] Data, string ETag) blob)) return null;
            return new BlobReadResult(new MemoryStream(blob.Data, writable: false), blob.ETag, blob.Data.Length);
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default)
    {
        lock (_lock) _listed.Add(prefix);
        await Task.Yield();
        lock (_lock)
        {
            var keys = new List<string>();
            foreach (string key in _blobs.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal)) keys.Add(key);
            }

            keys.Sort(StringComparer.Ordinal);
            return keys;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        await Task.Yield();
        lock (_lock) _blobs.Remove(key);
    }

    public string[] Keys(string contains)
    {
        lock (_lock)
        {
            var keys = new List<string>();
            foreach (string key in _blobs.Keys)
            {
                if (key.Contains(contains, StringComparison.Ordinal)) keys.Add(key);
            }

            keys.Sort(StringComparer.Ordinal);
            return [.. keys];
        }
    }

    public byte[] Get(string key)
    {
        lock (_lock) return (byte[])_blobs[key].Data.Clone();
    }

    /// <summary>Replaces a blob's bytes behind the log's back (corruption tests); the ETag changes as a real store's would.</summary>
    public void Overwrite(string key, byte[] data)
    {
        lock (_lock) _blobs[key] = (data, $"\"{++_version}\"");
    }
}
