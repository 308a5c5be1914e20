namespace Chroma.Core.Storage;

/// <summary>
/// Object storage: a local folder in the local modes, Azure Blob Storage (Azurite) in
/// distributed mode. Keys are '/'-separated paths. Conditional writes give the log its
/// single-writer guarantee: fragments are created only if absent, manifests advanced only if
/// their ETag still matches.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes the blob; returns its new ETag. Throws <see cref="BlobConditionFailedException"/> when the condition does not hold.</summary>
    Task<string> PutAsync(string key, Stream content, BlobCondition condition = default, CancellationToken ct = default);

    /// <summary>Opens the blob for reading, or null when absent.</summary>
    Task<BlobReadResult?> OpenReadAsync(string key, CancellationToken ct = default);

    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>Deletes the blob; absent is fine.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);
}

/// <summary>IfNoneMatch = create only; IfMatch = replace only this ETag; neither = unconditional.</summary>
public readonly record struct BlobCondition(bool IfNoneMatch, string? IfMatch)
{
    public static BlobCondition None => default;
    public static BlobCondition CreateOnly => new(true, null);
    public static BlobCondition Matching(string etag) => new(false, etag);
}

public sealed class BlobReadResult(Stream content, string etag, long length) : IDisposable
{
    public Stream Content { get; } = content;
    public string ETag { get; } = etag;
    public long Length { get; } = length;

    /// <summary>
    /// The whole content in one buffer, read to the end rather than trusting <see cref="Length"/>
    /// (a short or long body is for the format's own length and checksum checks to catch). The
    /// buffer is sized by Length, so when Length is right the bytes are copied once.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken ct = default)
    {
        var buffer = new MemoryStream(Length is > 0 and <= int.MaxValue ? (int)Length : 0);
        await Content.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    public void Dispose() => Content.Dispose();
}

public sealed class BlobConditionFailedException(string key) : Exception($"Conditional write to blob '{key}' failed: it was changed by another writer.")
{
    public string Key { get; } = key;
}
