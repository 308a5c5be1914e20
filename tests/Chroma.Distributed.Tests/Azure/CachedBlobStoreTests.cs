using Chroma.Core.Segments;
using Chroma.Core.Storage;
using Chroma.Distributed.Azure;
using Chroma.Distributed.Tests.Infrastructure;

namespace Chroma.Distributed.Tests.Azure;

/// <summary>The read-through cache over a real Azurite container.</summary>
public sealed class CachedBlobStoreTests : IAsyncLifetime
{
    private static readonly string VersionKey = $"{Guid.NewGuid():N}/v{3:D12}/hnsw.bin";

    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "chroma-blobcache-tests", Guid.NewGuid().ToString("N"));
    private AzureBlobStore _remote = null!;
    private CachedBlobStore _cached = null!;

    public async Task InitializeAsync()
    {
        AzuriteServer azurite = AzuriteServer.Shared;
        _remote = await AzureBlobStore.CreateAsync(azurite.ConnectionString, azurite.NewContainerName());
        _cached = new CachedBlobStore(_remote, _cacheDirectory);
    }

    public async Task DisposeAsync()
    {
        await _remote.Container.DeleteIfExistsAsync();
        Directory.Delete(_cacheDirectory, recursive: true);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef/v000000000003/hnsw.bin", true)]
    [InlineData("0123456789abcdef0123456789abcdef/v000000000003/records.bin", true)]
    [InlineData("0123456789abcdef0123456789abcdef/v00000000003/hnsw.bin", false)]
    [InlineData("0123456789abcdef0123456789abcdef/v000000000003/", false)]
    [InlineData("0123456789abcdef0123456789abcdef/v000000000003/a/b", false)]
    [InlineData("0123456789abcdef0123456789abcdeg/v000000000003/hnsw.bin", false)]
    [InlineData("0123456789abcdef0123456789abcdef/manifest", false)]
    [InlineData("log/0123456789abcdef0123456789abcdef/00000001", false)]
    [InlineData("", false)]
    public void Index_version_files_are_the_immutable_keys(string key, bool immutable)
    {
        Assert.Equal(immutable, BlobSegmentStore.IsVersionFileKey(key));
    }

    [Fact]
    public async Task An_immutable_blob_is_read_remotely_once_then_from_disk()
    {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(data);
        string etag = await _remote.PutAsync(VersionKey, new MemoryStream(data));

        byte[] first = await AzureBlobStoreTests.ReadBytesAsync(_cached, VersionKey);
        // Delete it remotely behind the cache's back: the second read must come from disk.
        await _remote.DeleteAsync(VersionKey);
        using BlobReadResult? second = await _cached.OpenReadAsync(VersionKey);

        Assert.Equal(data, first);
        Assert.NotNull(second);
        Assert.Equal(etag, second.ETag);
        Assert.Equal(data.Length, second.Length);
        using var buffer = new MemoryStream();
        await second.Content.CopyToAsync(buffer);
        Assert.Equal(data, buffer.ToArray());
        Assert.Equal((1L, 1L), (_cached.Hits, _cached.Misses));
    }

    [Fact]
    public async Task A_mutable_blob_always_passes_through()
    {
        string etag = await _cached.PutAsync("manifest", AzureBlobStoreTests.Bytes("v1"));
        await AzureBlobStoreTests.ReadBytesAsync(_cached, "manifest");
        await _remote.PutAsync("manifest", AzureBlobStoreTests.Bytes("v2"), BlobCondition.Matching(etag));

        Assert.Equal("v2"u8.ToArray(), await AzureBlobStoreTests.ReadBytesAsync(_cached, "manifest"));
        Assert.Equal((0L, 0L), (_cached.Hits, _cached.Misses));
        Assert.Empty(Directory.GetFiles(_cacheDirectory, "*.blob", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_missing_immutable_blob_is_null_and_not_cached()
    {
        Assert.Null(await _cached.OpenReadAsync(VersionKey));
        await _remote.PutAsync(VersionKey, AzureBlobStoreTests.Bytes("late"));

        Assert.Equal("late"u8.ToArray(), await AzureBlobStoreTests.ReadBytesAsync(_cached, VersionKey));
    }

    [Fact]
    public async Task Writes_and_deletes_through_the_cache_drop_the_local_copy()
    {
        await _cached.PutAsync(VersionKey, AzureBlobStoreTests.Bytes("one"));
        await AzureBlobStoreTests.ReadBytesAsync(_cached, VersionKey);

        await _cached.PutAsync(VersionKey, AzureBlobStoreTests.Bytes("two"));
        Assert.Equal("two"u8.ToArray(), await AzureBlobStoreTests.ReadBytesAsync(_cached, VersionKey));

        await _cached.DeleteAsync(VersionKey);
        Assert.Null(await _cached.OpenReadAsync(VersionKey));
        Assert.Empty(Directory.GetFiles(_cacheDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_new_cache_over_the_same_folder_serves_what_an_earlier_one_stored()
    {
        await _remote.PutAsync(VersionKey, AzureBlobStoreTests.Bytes("kept"));
        await AzureBlobStoreTests.ReadBytesAsync(_cached, VersionKey);
        await _remote.DeleteAsync(VersionKey);

        var restarted = new CachedBlobStore(_remote, _cacheDirectory);

        Assert.Equal("kept"u8.ToArray(), await AzureBlobStoreTests.ReadBytesAsync(restarted, VersionKey));
        Assert.Equal(1L, restarted.Hits);
    }

    [Fact]
    public async Task Concurrent_first_reads_all_see_the_whole_blob()
    {
        byte[] data = new byte[1024 * 1024];
        new Random(11).NextBytes(data);
        await _remote.PutAsync(VersionKey, new MemoryStream(data));

        var readers = new Task<byte[]>[8];
        for (int i = 0; i < readers.Length; i++)
        {
            readers[i] = Task.Run(() => AzureBlobStoreTests.ReadBytesAsync(_cached, VersionKey));
        }

        byte[][] results = await Task.WhenAll(readers);

        Assert.All(results, r => Assert.Equal(data, r));
        Assert.Equal(readers.Length, _cached.Hits + _cached.Misses);
        Assert.Empty(Directory.GetFiles(Path.Combine(_cacheDirectory, "tmp")));
    }

    [Fact]
    public async Task List_passes_through()
    {
        await _remote.PutAsync(VersionKey, AzureBlobStoreTests.Bytes("x"));
        await _remote.PutAsync("other/key", AzureBlobStoreTests.Bytes("y"));

        Assert.Equal([VersionKey], await _cached.ListAsync(VersionKey[..33]));
    }
}
