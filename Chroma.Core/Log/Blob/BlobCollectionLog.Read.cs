using Chroma.Core.Model;
using Chroma.Core.Storage;

namespace Chroma.Core.Log.Blob;

// Reads: scout and pull. Both re-read the manifest blob every time, because another process
// may be the writer; only fragments (immutable) are served from memory.
internal sealed partial class BlobCollectionLog
{
    // A fragment can vanish between reading the manifest and reading the fragment when a
    // compaction commits in between; the newer manifest no longer lists it. More than a few
    // such races in a row means the manifest points at a blob that is really gone.
    private const int VanishedFragmentRetries = 3;

    public async Task<long> ScoutAsync(CancellationToken ct)
    {
        ManifestSnapshot snapshot = await LoadManifestAsync(ct).ConfigureAwait(false);
        return snapshot.Manifest.LastOffset;
    }

    public async Task<(long LastOffset, long CompactionOffset)?> GetStatusAsync(CancellationToken ct)
    {
        ManifestSnapshot snapshot = await LoadManifestAsync(ct).ConfigureAwait(false);
        if (snapshot.ETag is null) return null;
        return (snapshot.Manifest.LastOffset, snapshot.Manifest.CompactionOffset);
    }

    public async Task<IReadOnlyList<LogEntry>> ReadAsync(long afterOffset, int maxRecords, CancellationToken ct)
    {
        if (maxRecords < 1) ThrowHelper.InvalidArgument($"maxRecords must be at least 1, got {maxRecords}.");
        if (afterOffset < 0) afterOffset = 0;

        for (int attempt = 0; ; attempt++)
        {
            BlobLogManifest manifest = (await LoadManifestAsync(ct).ConfigureAwait(false)).Manifest;
            var result = new List<LogEntry>();
            if (afterOffset >= manifest.LastOffset) return result;

            string? vanished = await CollectAsync(manifest, afterOffset, maxRecords, result, ct).ConfigureAwait(false);
            if (vanished is null) return result;
            if (attempt >= VanishedFragmentRetries)
                ThrowHelper.DataCorrupted($"Write-ahead log fragment '{vanished}' is listed in the manifest of collection {_collectionId} but does not exist.");
        }
    }

    /// <summary>Appends whole entries past <paramref name="afterOffset"/>; returns the key of a listed fragment that is missing, or null.</summary>
    private async Task<string?> CollectAsync(BlobLogManifest manifest, long afterOffset, int maxRecords, List<LogEntry> result, CancellationToken ct)
    {
        long records = 0;
        BlobLogFragmentRef[] fragments = manifest.Fragments;
        for (int f = 0; f < fragments.Length; f++)
        {
            if (fragments[f].LastOffset <= afterOffset) continue;
            string key = BlobLogFormat.FragmentKey(_options.KeyPrefix, _collectionId, fragments[f].Name);
            LogEntry[]? entries = await GetFragmentAsync(key, fragments[f], ct).ConfigureAwait(false);
            if (entries is null) return key;

            for (int i = 0; i < entries.Length; i++)
            {
                LogEntry entry = entries[i];
                if (entry.LastOffset <= afterOffset) continue;
                if (result.Count > 0 && records + entry.Records.Count > maxRecords) return null;
                result.Add(entry);
                records += entry.Records.Count;
            }
        }

        return null;
    }

    private async Task<LogEntry[]?> GetFragmentAsync(string key, BlobLogFragmentRef pointer, CancellationToken ct)
    {
        if (_fragmentCache.TryGet(key, out LogEntry[] cached)) return cached;
        (ReadOnlyMemory<byte> Data, string ETag)? blob = await ReadBlobAsync(key, ct).ConfigureAwait(false);
        if (blob is null) return null;
        LogEntry[] entries = BlobLogFormat.ReadFragment(blob.Value.Data.Span, pointer, _collectionId, key);
        _fragmentCache.Add(key, entries, pointer.Length);
        return entries;
    }

    private async Task<ManifestSnapshot> LoadManifestAsync(CancellationToken ct)
    {
        (ReadOnlyMemory<byte> Data, string ETag)? blob = await ReadBlobAsync(_manifestKey, ct).ConfigureAwait(false);
        if (blob is null) return new ManifestSnapshot(BlobLogManifest.Empty(_collectionId), null);
        return new ManifestSnapshot(BlobLogManifest.Read(blob.Value.Data.Span, _collectionId, _manifestKey), blob.Value.ETag);
    }

    private async Task<(ReadOnlyMemory<byte> Data, string ETag)?> ReadBlobAsync(string key, CancellationToken ct)
    {
        using BlobReadResult? read = await _store.OpenReadAsync(key, ct).ConfigureAwait(false);
        if (read is null) return null;
        return (await read.ReadAllAsync(ct).ConfigureAwait(false), read.ETag);
    }
}
