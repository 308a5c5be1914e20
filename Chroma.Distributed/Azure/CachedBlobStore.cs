using System.IO.Hashing;
using System.Text;
using Chroma.Core.Memory;
using Chroma.Core.Segments;
using Chroma.Core.Storage;

namespace Chroma.Distributed.Azure;

/// <summary>
/// A read-through local disk cache in front of a remote <see cref="IBlobStore"/>, for Query
/// nodes: blobs whose keys name immutable content (index version files by default) are read from
/// the remote store once and from local disk afterwards; every other key (log fragments,
/// manifests, anything that can change) passes straight through.
/// </summary>
/// <remarks>
/// Layout under the cache folder: <c>{h[0..2]}/{h}.blob</c> holds the bytes and
/// <c>{h[0..2]}/{h}.etag</c> the remote ETag, where h is the hex XxHash128 of the key (so any key
/// is a safe file name). A fill writes both to temporary files, then renames the ETag into place
/// before the content: a content file therefore always has its ETag beside it, and a reader never
/// sees a partial file. Concurrent fills of one key write the same bytes, so the last rename
/// winning is harmless. Writes and deletes through this wrapper drop the cached copy.
/// Nothing is evicted: index versions are bounded by what the Query node serves, and the
/// Compactor deletes superseded versions remotely (an operator may wipe the folder any time).
/// </remarks>
public sealed class CachedBlobStore : IBlobStore
{
    private const int CopyBufferSize = 128 * 1024;

    private readonly IBlobStore _inner;
    private readonly string _tempDirectory;
    private long _hits;
    private long _misses;

    /// <param name="inner">The remote store.</param>
    /// <param name="cacheDirectory">Local folder for cached blobs (created if missing).</param>
    public CachedBlobStore(IBlobStore inner, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        _inner = inner;
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        _tempDirectory = Path.Combine(CacheDirectory, "tmp");
        Directory.CreateDirectory(_tempDirectory);
    }

    public string CacheDirectory { get; }

    /// <summary>Reads served from local disk.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Reads of cacheable keys that went to the remote store.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public async Task<string> PutAsync(string key, Stream content, BlobCondition condition = default, CancellationToken ct = default)
    {
        string etag = await _inner.PutAsync(key, content, condition, ct).ConfigureAwait(false);
        if (IsCacheable(key)) Invalidate(key);
        return etag;
    }

    public async Task<BlobReadResult?> OpenReadAsync(string key, CancellationToken ct = default)
    {
        if (!IsCacheable(key)) return await _inner.OpenReadAsync(key, ct).ConfigureAwait(false);

        (string contentPath, string etagPath) = CachePaths(key);
        BlobReadResult? cached = TryOpenCached(contentPath, etagPath);
        if (cached is not null)
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }

        Interlocked.Increment(ref _misses);
        using (BlobReadResult? remote = await _inner.OpenReadAsync(key, ct).ConfigureAwait(false))
        {
            if (remote is null) return null;
            await FillAsync(key, remote, contentPath, etagPath, ct).ConfigureAwait(false);
        }

        return TryOpenCached(contentPath, etagPath)
            ?? throw new IOException($"Cached copy of blob '{key}' vanished right after it was written to {contentPath}.");
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default) => _inner.ListAsync(prefix, ct);

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        await _inner.DeleteAsync(key, ct).ConfigureAwait(false);
        if (IsCacheable(key)) Invalidate(key);
    }

    /// <summary>Drops the local copy of <paramref name="key"/>, if any.</summary>
    public void Invalidate(string key)
    {
        (string contentPath, string etagPath) = CachePaths(key);
        // File.Delete ignores a missing file but not a missing folder (never cached under this prefix).
        if (!Directory.Exists(Path.GetDirectoryName(contentPath))) return;
        // Content first: a content file must never outlive its ETag.
        File.Delete(contentPath);
        File.Delete(etagPath);
    }

    private async Task FillAsync(string key, BlobReadResult remote, string contentPath, string etagPath, CancellationToken ct)
    {
        string stem = Path.Combine(_tempDirectory, Guid.NewGuid().ToString("N"));
        string contentTemp = stem + ".blob";
        string etagTemp = stem + ".etag";
        try
        {
            long written = await CopyToFileAsync(remote.Content, contentTemp, ct).ConfigureAwait(false);
            if (remote.Length >= 0 && written != remote.Length)
            {
                throw new IOException($"Blob '{key}' was {remote.Length} bytes but {written} arrived; not caching it.");
            }

            await File.WriteAllTextAsync(etagTemp, remote.ETag, Encoding.UTF8, ct).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(contentPath)!);
            File.Move(etagTemp, etagPath, overwrite: true);
            File.Move(contentTemp, contentPath, overwrite: true);
        }
        finally
        {
            // Gone after the renames; left behind only by a failed fill.
            File.Delete(contentTemp);
            File.Delete(etagTemp);
        }
    }

    private static async Task<long> CopyToFileAsync(Stream source, string path, CancellationToken ct)
    {
        byte[] buffer = BufferPool<byte>.Rent(CopyBufferSize);
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), ct).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                total += read;
            }

            return total;
        }
        finally
        {
            BufferPool<byte>.Return(buffer);
        }
    }

    private static BlobReadResult? TryOpenCached(string contentPath, string etagPath)
    {
        FileStream stream;
        try
        {
            // FileShare.Delete: an invalidation unlinks the name; this reader keeps its bytes.
            stream = new FileStream(contentPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        string etag;
        try
        {
            etag = File.ReadAllText(etagPath, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Invalidated between the two opens: treat as a miss.
            stream.Dispose();
            return null;
        }

        return new BlobReadResult(stream, etag, stream.Length);
    }

    private (string ContentPath, string ETagPath) CachePaths(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        string hash = Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(key)));
        string stem = Path.Combine(CacheDirectory, hash[..2], hash);
        return (stem + ".blob", stem + ".etag");
    }

    /// <summary>Index version files are written once before their version is registered and never change.</summary>
    private static bool IsCacheable(string key) => BlobSegmentStore.IsVersionFileKey(key);
}
