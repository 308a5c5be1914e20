using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Chroma.Core.Storage;

namespace Chroma.Distributed.Azure;

/// <summary>
/// <see cref="IBlobStore"/> over one Azure Blob Storage container (Azurite locally): the
/// distributed mode's home for log fragments, manifests and index versions.
/// </summary>
/// <remarks>
/// Conditions map onto the service's own: CreateOnly is <c>If-None-Match: *</c>, Matching(etag)
/// is <c>If-Match</c>; the service evaluates them atomically with the write, so two processes
/// racing on a key cannot both succeed. ETags are the service's, quotes included, and are only
/// ever handed back to this store.
/// A caveat shared by every HTTP object store: the SDK retries a write whose response was lost,
/// and a retried CreateOnly then finds its own blob and fails. Callers that must tell "I lost"
/// from "I won but did not hear" read the blob back.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    // Blobs up to InitialTransferSize go up in one Put Blob; larger ones as staged blocks whose
    // commit carries the condition, so either way the condition guards one atomic step.
    private static readonly StorageTransferOptions DefaultTransferOptions = new()
    {
        InitialTransferSize = 32 * 1024 * 1024,
        MaximumTransferSize = 8 * 1024 * 1024,
        MaximumConcurrency = 4,
    };

    private readonly StorageTransferOptions _transferOptions;

    /// <summary>Over an existing container (see <see cref="CreateAsync"/> to create it).</summary>
    public AzureBlobStore(BlobContainerClient container, StorageTransferOptions? transferOptions = null)
    {
        Container = container ?? throw new ArgumentNullException(nameof(container));
        _transferOptions = transferOptions ?? DefaultTransferOptions;
    }

    public BlobContainerClient Container { get; }

    /// <summary>
    /// Connects with <paramref name="connectionString"/> (Aspire's <c>ConnectionStrings__blobs</c>)
    /// and creates <paramref name="containerName"/> if it is missing.
    /// </summary>
    public static async Task<AzureBlobStore> CreateAsync(string connectionString, string containerName, StorageTransferOptions? transferOptions = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(containerName);
        var container = new BlobContainerClient(connectionString, containerName);
        await container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        return new AzureBlobStore(container, transferOptions);
    }

    public async Task<string> PutAsync(string key, Stream content, BlobCondition condition = default, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        BlobClient blob = Blob(key);
        var options = new BlobUploadOptions
        {
            Conditions = ToRequestConditions(condition),
            TransferOptions = _transferOptions,
        };
        try
        {
            Response<BlobContentInfo> response = await blob.UploadAsync(content, options, ct).ConfigureAwait(false);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (IsConditionFailure(e, condition))
        {
            throw new BlobConditionFailedException(key);
        }
    }

    public async Task<BlobReadResult?> OpenReadAsync(string key, CancellationToken ct = default)
    {
        try
        {
            // Streaming download: the body is read as the caller reads, and the SDK resumes a
            // broken transfer pinned to this ETag, so the caller never sees two versions mixed.
            Response<BlobDownloadStreamingResult> response = await Blob(key).DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false);
            BlobDownloadStreamingResult download = response.Value;
            return new BlobReadResult(download.Content, download.Details.ETag.ToString(), download.Details.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var keys = new List<string>();
        // The service lists in ordinal (UTF-8 byte) order, as FileBlobStore sorts.
        await foreach (BlobItem item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix }, ct).ConfigureAwait(false))
        {
            keys.Add(item.Name);
        }

        return keys;
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        // DeleteIfExists answers false on 404 (blob or container) instead of throwing.
        await Blob(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct).ConfigureAwait(false);
    }

    private BlobClient Blob(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Container.GetBlobClient(key);
    }

    private static BlobRequestConditions? ToRequestConditions(BlobCondition condition)
    {
        if (condition.IfNoneMatch && condition.IfMatch is not null)
            throw new ArgumentException("A blob write is either create-only or if-match, not both.", nameof(condition));
        if (condition.IfNoneMatch) return new BlobRequestConditions { IfNoneMatch = ETag.All };
        if (condition.IfMatch is { } etag) return new BlobRequestConditions { IfMatch = new ETag(etag) };
        return null;
    }

    // 409 BlobAlreadyExists answers If-None-Match: * on an existing blob, 412 ConditionNotMet a
    // stale If-Match; 404 answers If-Match on a blob that is gone, which is the same lost race.
    // An unconditional write has no condition to fail: its 409 (a lease, say) stays an error.
    private static bool IsConditionFailure(RequestFailedException e, BlobCondition condition) =>
        (condition.IfNoneMatch && e.Status is 409 or 412)
        || (condition.IfMatch is not null && e.Status is 409 or 412 or 404);
}
