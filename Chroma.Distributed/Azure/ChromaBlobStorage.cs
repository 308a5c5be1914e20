using Microsoft.Extensions.Configuration;

namespace Chroma.Distributed.Azure;

/// <summary>
/// The blob storage every distributed service shares (logs and index versions), as the hosts find
/// it in configuration: the Aspire connection string <c>ConnectionStrings:blobs</c> and one
/// container, <c>Chroma:BlobContainer</c> (default "chroma").
/// </summary>
public static class ChromaBlobStorage
{
    public const string ConnectionName = "blobs";
    public const string ContainerConfigKey = "Chroma:BlobContainer";
    public const string DefaultContainer = "chroma";

    /// <summary>The shared container; <paramref name="purpose"/> says in the error what is missing when it is not configured.</summary>
    public static async Task<AzureBlobStore> OpenAsync(IConfiguration configuration, string purpose, CancellationToken ct = default) =>
        await OpenIfConfiguredAsync(configuration, ct).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} ({purpose}) is not configured.");

    /// <summary>The shared container, or null when no connection string is configured.</summary>
    public static async Task<AzureBlobStore?> OpenIfConfiguredAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        string? connectionString = configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrEmpty(connectionString)) return null;
        return await AzureBlobStore.CreateAsync(connectionString, configuration[ContainerConfigKey] ?? DefaultContainer, ct: ct).ConfigureAwait(false);
    }
}
