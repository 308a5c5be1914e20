using System.Text;
using Azure.Storage;
using Chroma.Core.Storage;
using Chroma.Distributed.Azure;
using Chroma.Distributed.Tests.Infrastructure;

namespace Chroma.Distributed.Tests.Azure;

/// <summary>AzureBlobStore against a real Azurite; each test in a container of its own.</summary>
public sealed class AzureBlobStoreTests : IAsyncLifetime
{
    private AzureBlobStore _store = null!;

    public async Task InitializeAsync()
    {
        AzuriteServer azurite = AzuriteServer.Shared;
        _store = await AzureBlobStore.CreateAsync(azurite.ConnectionString, azurite.NewContainerName());
    }

    public async Task DisposeAsync() => await _store.Container.DeleteIfExistsAsync();

    [Fact]
    public async Task Put_then_read_returns_the_bytes_and_the_same_etag()
    {
        string etag = await _store.PutAsync("a/b/c.bin", Bytes("hello"));

        using BlobReadResult? read = await _store.OpenReadAsync("a/b/c.bin");

        Assert.NotNull(read);
        Assert.Equal("hello", await TextAsync(read));
        Assert.Equal(etag, read.ETag);
        Assert.Equal(5, read.Length);
    }

    [Fact]
    public async Task Reading_a_missing_blob_returns_null()
    {
        Assert.Null(await _store.OpenReadAsync("missing/blob"));
    }

    [Fact]
    public async Task Create_only_fails_on_an_existing_blob_and_keeps_it()
    {
        await _store.PutAsync("log/0001", Bytes("first"), BlobCondition.CreateOnly);

        BlobConditionFailedException e = await Assert.ThrowsAsync<BlobConditionFailedException>(
            () => _store.PutAsync("log/0001", Bytes("second"), BlobCondition.CreateOnly));

        Assert.Equal("log/0001", e.Key);
        Assert.Equal("first", await ReadTextAsync("log/0001"));
    }

    [Fact]
    public async Task Two_concurrent_create_only_writers_have_exactly_one_winner()
    {
        for (int round = 0; round < 5; round++)
        {
            string key = $"race/{round}";
            using var start = new ManualResetEventSlim(false);
            var writers = new Task<string?>[2];
            for (int w = 0; w < writers.Length; w++)
            {
                string content = $"writer-{w}";
                writers[w] = Task.Run(async () =>
                {
                    start.Wait();
                    try
                    {
                        await _store.PutAsync(key, Bytes(content), BlobCondition.CreateOnly);
                        return content;
                    }
                    catch (BlobConditionFailedException)
                    {
                        return null;
                    }
                });
            }

            start.Set();
            string?[] results = await Task.WhenAll(writers);

            string winner = Assert.Single(results, r => r is not null)!;
            Assert.Equal(winner, await ReadTextAsync(key));
        }
    }

    [Fact]
    public async Task If_match_replaces_the_current_etag_and_refuses_a_stale_one()
    {
        string first = await _store.PutAsync("manifest", Bytes("v1"));
        string second = await _store.PutAsync("manifest", Bytes("v2"), BlobCondition.Matching(first));

        await Assert.ThrowsAsync<BlobConditionFailedException>(
            () => _store.PutAsync("manifest", Bytes("v3"), BlobCondition.Matching(first)));

        Assert.NotEqual(first, second);
        using BlobReadResult? read = await _store.OpenReadAsync("manifest");
        Assert.Equal("v2", await TextAsync(read!));
        Assert.Equal(second, read!.ETag);
    }

    [Fact]
    public async Task Two_writers_advancing_one_etag_have_exactly_one_winner()
    {
        string etag = await _store.PutAsync("manifest", Bytes("v0"));
        using var start = new ManualResetEventSlim(false);
        var writers = new Task<bool>[4];
        for (int w = 0; w < writers.Length; w++)
        {
            string content = $"v1-{w}";
            writers[w] = Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await _store.PutAsync("manifest", Bytes(content), BlobCondition.Matching(etag));
                    return true;
                }
                catch (BlobConditionFailedException)
                {
                    return false;
                }
            });
        }

        start.Set();
        bool[] results = await Task.WhenAll(writers);

        Assert.Single(results, r => r);
        Assert.Equal($"v1-{Array.IndexOf(results, true)}", await ReadTextAsync("manifest"));
    }

    [Fact]
    public async Task If_match_on_a_missing_blob_fails_the_condition()
    {
        string etag = await _store.PutAsync("gone", Bytes("x"));
        await _store.DeleteAsync("gone");

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => _store.PutAsync("gone", Bytes("y"), BlobCondition.Matching(etag)));
        Assert.Null(await _store.OpenReadAsync("gone"));
    }

    [Fact]
    public async Task Unconditional_put_overwrites()
    {
        await _store.PutAsync("k", Bytes("one"));
        await _store.PutAsync("k", Bytes("two"));

        Assert.Equal("two", await ReadTextAsync("k"));
    }

    [Fact]
    public async Task List_returns_keys_under_a_prefix_in_ordinal_order()
    {
        foreach (string key in new[] { "p/b", "p/a/2", "p/a/1", "p/B", "q/a", "pp/x" })
        {
            await _store.PutAsync(key, Bytes(key));
        }

        Assert.Equal(["p/B", "p/a/1", "p/a/2", "p/b"], await _store.ListAsync("p/"));
        Assert.Equal(["p/a/1", "p/a/2"], await _store.ListAsync("p/a/"));
        Assert.Equal(["p/B", "p/a/1", "p/a/2", "p/b", "pp/x"], await _store.ListAsync("p"));
        Assert.Equal(6, (await _store.ListAsync("")).Count);
        Assert.Empty(await _store.ListAsync("none/"));
    }

    [Fact]
    public async Task Delete_removes_and_ignores_a_missing_blob()
    {
        await _store.PutAsync("d/1", Bytes("x"));

        await _store.DeleteAsync("d/1");
        await _store.DeleteAsync("d/1");
        await _store.DeleteAsync("never/there");

        Assert.Null(await _store.OpenReadAsync("d/1"));
        Assert.Empty(await _store.ListAsync("d/"));
    }

    [Fact]
    public async Task A_20_MB_blob_round_trips_in_one_put_and_in_staged_blocks()
    {
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(42).NextBytes(data);
        // Small transfer sizes force the staged-block path, where the condition rides on the commit.
        var staged = new AzureBlobStore(_store.Container, new StorageTransferOptions
        {
            InitialTransferSize = 4 * 1024 * 1024,
            MaximumTransferSize = 4 * 1024 * 1024,
            MaximumConcurrency = 2,
        });

        await _store.PutAsync("big/single", new MemoryStream(data), BlobCondition.CreateOnly);
        await staged.PutAsync("big/staged", new MemoryStream(data), BlobCondition.CreateOnly);

        Assert.Equal(data, await ReadBytesAsync("big/single"));
        Assert.Equal(data, await ReadBytesAsync("big/staged"));
        await Assert.ThrowsAsync<BlobConditionFailedException>(
            () => staged.PutAsync("big/staged", new MemoryStream(data), BlobCondition.CreateOnly));
    }

    [Fact]
    public async Task Create_async_makes_the_container_and_accepts_an_existing_one()
    {
        AzuriteServer azurite = AzuriteServer.Shared;
        string name = azurite.NewContainerName();

        AzureBlobStore first = await AzureBlobStore.CreateAsync(azurite.ConnectionString, name);
        await first.PutAsync("x", Bytes("1"));
        AzureBlobStore second = await AzureBlobStore.CreateAsync(azurite.ConnectionString, name);

        try
        {
            Assert.Equal("1", Encoding.UTF8.GetString(await ReadBytesAsync(second, "x")));
        }
        finally
        {
            await first.Container.DeleteIfExistsAsync();
        }
    }

    internal static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string> ReadTextAsync(string key) => Encoding.UTF8.GetString(await ReadBytesAsync(key));

    private Task<byte[]> ReadBytesAsync(string key) => ReadBytesAsync(_store, key);

    internal static async Task<byte[]> ReadBytesAsync(IBlobStore store, string key)
    {
        using BlobReadResult? read = await store.OpenReadAsync(key);
        Assert.NotNull(read);
        using var buffer = new MemoryStream();
        await read.Content.CopyToAsync(buffer);
        Assert.Equal(read.Length, buffer.Length);
        return buffer.ToArray();
    }

    private static async Task<string> TextAsync(BlobReadResult read)
    {
        using var reader = new StreamReader(read.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
