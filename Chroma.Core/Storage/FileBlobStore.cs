using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Core.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over a local folder: blob <c>a/b/c</c> is the file
/// <c>{root}/blobs/a/b/c</c>, holding exactly the blob's bytes (so index files can be memory-mapped
/// through <see cref="TryGetLocalPath"/>).
/// <list type="bullet">
/// <item>Atomic: a write goes to <c>{root}/tmp/</c>, is fsynced, then renamed into place and the
///   directory fsynced; a reader sees the old blob or the new one, never half of one.</item>
/// <item>ETag: the lowercase hex XxHash128 of the content. It needs no sidecar that could drift
///   from the content; it is remembered per file (validated by length and write time) so an
///   open does not rehash, and recomputed from the file for every IfMatch check.</item>
/// <item>CreateOnly and IfMatch: check and rename under the key's lock (in process) and its lock
///   file held exclusively (flock on Unix), so two writers, in one process or two, cannot both
///   create the blob or both replace one ETag. (File.Move without overwrite is not enough: .NET
///   falls back to check-then-rename where hard links fail, and two writers won in a test.)</item>
/// </list>
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private const int CopyBufferSize = 128 * 1024;
    private const int LockStripes = 64;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly string _blobRoot;
    private readonly string _tempRoot;
    private readonly string _lockRoot;
    private readonly SemaphoreSlim[] _keyLocks;
    private readonly ConcurrentDictionary<string, CachedETag> _etags = new(StringComparer.Ordinal);

    public FileBlobStore(string rootPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPath);
        RootPath = Path.GetFullPath(rootPath);
        _blobRoot = Path.Combine(RootPath, "blobs");
        _tempRoot = Path.Combine(RootPath, "tmp");
        _lockRoot = Path.Combine(RootPath, "locks");
        Directory.CreateDirectory(_blobRoot);
        Directory.CreateDirectory(_tempRoot);
        Directory.CreateDirectory(_lockRoot);
        _keyLocks = new SemaphoreSlim[LockStripes];
        for (int i = 0; i < _keyLocks.Length; i++) _keyLocks[i] = new SemaphoreSlim(1, 1);
    }

    public string RootPath { get; }

    public async Task<string> PutAsync(string key, Stream content, BlobCondition condition = default, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string path = BlobPath(key);
        if (condition.IfNoneMatch && condition.IfMatch is not null)
            throw new ArgumentException("A blob write is either create-only or if-match, not both.", nameof(condition));

        string temp = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            string etag = await WriteTempAsync(temp, content, ct).ConfigureAwait(false);
            // A rename keeps the file's length and write time: capture them now, so the cache entry
            // describes this write even if another writer replaces the blob right after our rename.
            var written = new FileInfo(temp);
            var cacheEntry = new CachedETag(written.Length, written.LastWriteTimeUtc.Ticks, etag);
            string directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);

            if (condition.IfNoneMatch)
            {
                await MoveUnderKeyLockAsync(key, temp, path, expected: null, ct).ConfigureAwait(false);
            }
            else if (condition.IfMatch is { } expected)
            {
                await MoveUnderKeyLockAsync(key, temp, path, expected, ct).ConfigureAwait(false);
            }
            else
            {
                File.Move(temp, path, overwrite: true);
            }

            FileSystemSync.FlushDirectory(directory);
            _etags[path] = cacheEntry;
            return etag;
        }
        finally
        {
            // Gone after a successful move; left behind only by a failed write or condition.
            File.Delete(temp);
        }
    }

    public async Task<BlobReadResult?> OpenReadAsync(string key, CancellationToken ct = default)
    {
        string path = BlobPath(key);
        FileStream stream;
        try
        {
            // FileShare.Delete: a concurrent replace or delete unlinks the name, this handle keeps the old content.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        bool handedOver = false;
        try
        {
            long length = stream.Length;
            DateTime written = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
            string etag;
            if (_etags.TryGetValue(path, out CachedETag cached) && cached.Length == length && cached.WrittenUtcTicks == written.Ticks)
            {
                etag = cached.ETag;
            }
            else
            {
                etag = await HashAsync(stream, ct).ConfigureAwait(false);
                stream.Position = 0;
                _etags[path] = new CachedETag(length, written.Ticks, etag);
            }

            var result = new BlobReadResult(stream, etag, length);
            handedOver = true;
            return result;
        }
        finally
        {
            if (!handedOver) await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // Enumerate only below the deepest folder the prefix names.
        int slash = prefix.LastIndexOf('/');
        string start = slash < 0 ? _blobRoot : Path.Combine(_blobRoot, prefix.Substring(0, slash).Replace('/', Path.DirectorySeparatorChar));
        var keys = new List<string>();
        if (Directory.Exists(start))
        {
            foreach (string file in Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories))
            {
                ct.ThrowIfCancellationRequested();
                string key = Path.GetRelativePath(_blobRoot, file).Replace(Path.DirectorySeparatorChar, '/');
                if (key.StartsWith(prefix, StringComparison.Ordinal)) keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(keys);
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        string path = BlobPath(key);
        _etags.TryRemove(path, out _);
        string directory = Path.GetDirectoryName(path)!;
        if (File.Exists(path))
        {
            File.Delete(path);
            FileSystemSync.FlushDirectory(directory);
        }

        return Task.CompletedTask;
    }

    /// <summary>The file holding the blob's bytes, or null when absent. For memory-mapping; do not write to it.</summary>
    public string? TryGetLocalPath(string key)
    {
        string path = BlobPath(key);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Renames the written temp file into place if the blob is absent (<paramref name="expected"/>
    /// null) or still has the expected ETag; otherwise the condition failed.
    /// </summary>
    private async Task MoveUnderKeyLockAsync(string key, string temp, string path, string? expected, CancellationToken ct)
    {
        SemaphoreSlim keyLock = _keyLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % LockStripes)];
        await keyLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using FileStream processLock = await AcquireLockFileAsync(key, ct).ConfigureAwait(false);
            if (expected is null)
            {
                if (File.Exists(path)) throw new BlobConditionFailedException(key);
            }
            else
            {
                string? current = await TryHashFileAsync(path, ct).ConfigureAwait(false);
                if (!string.Equals(current, expected, StringComparison.Ordinal)) throw new BlobConditionFailedException(key);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            keyLock.Release();
        }
    }

    /// <summary>Another process may hold the key's lock file: retry with a short back-off until a deadline.</summary>
    private async Task<FileStream> AcquireLockFileAsync(string key, CancellationToken ct)
    {
        string lockPath = Path.Combine(_lockRoot, Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(key))) + ".lock");
        DateTime deadline = DateTime.UtcNow + LockTimeout;
        int delayMs = 1;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(delayMs, ct).ConfigureAwait(false);
                delayMs = Math.Min(delayMs * 2, 50);
            }
            catch (IOException ex)
            {
                throw new ChromaException(ChromaErrorCode.Unavailable, $"Timed out waiting for the lock of blob '{key}': {ex.Message}");
            }
        }
    }

    private static async Task<string> WriteTempAsync(string temp, Stream content, CancellationToken ct)
    {
        var hash = new XxHash128();
        byte[] buffer = BufferPool<byte>.Rent(CopyBufferSize);
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, CopyBufferSize), ct).ConfigureAwait(false)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
                await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }

            file.Flush(flushToDisk: true);
        }
        finally
        {
            BufferPool<byte>.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static async Task<string?> TryHashFileAsync(string path, CancellationToken ct)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            return await HashAsync(stream, ct).ConfigureAwait(false);
        }
    }

    private static async Task<string> HashAsync(Stream stream, CancellationToken ct)
    {
        var hash = new XxHash128();
        byte[] buffer = BufferPool<byte>.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, CopyBufferSize), ct).ConfigureAwait(false)) > 0)
                hash.Append(buffer.AsSpan(0, read));
        }
        finally
        {
            BufferPool<byte>.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>Keys are '/'-separated relative paths without empty, '.' or '..' segments.</summary>
    private string BlobPath(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Contains('\\') || key.Contains('\0'))
            throw new ArgumentException($"Blob key '{key}' contains a backslash or NUL.", nameof(key));
        foreach (Range range in key.AsSpan().Split('/'))
        {
            ReadOnlySpan<char> segment = key.AsSpan(range);
            if (segment.IsEmpty || segment is "." || segment is "..")
                throw new ArgumentException($"Blob key '{key}' has an empty, '.' or '..' segment.", nameof(key));
        }

        return Path.Combine(_blobRoot, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private readonly record struct CachedETag(long Length, long WrittenUtcTicks, string ETag);
}
