using System.Text;
using Chroma.Core.Storage;

namespace Chroma.Core.Tests.Storage;

public sealed class FileBlobStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FileBlobStore _store;

    public FileBlobStoreTests() => _store = new FileBlobStore(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Put_then_read_returns_the_content_and_the_same_etag()
    {
        string etag = await PutAsync("c/1/index.bin", "hello");

        using BlobReadResult? read = await _store.OpenReadAsync("c/1/index.bin");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(5, read.Length);
        Assert.Equal("hello", await ReadTextAsync(read));
    }

    [Fact]
    public async Task The_etag_is_the_content_hash_and_survives_a_new_store_instance()
    {
        string first = await PutAsync("a", "same");
        string second = await PutAsync("b", "same");
        string third = await PutAsync("c", "different");

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);

        var fresh = new FileBlobStore(_dir.Path);
        using BlobReadResult? read = await fresh.OpenReadAsync("a");
        Assert.Equal(first, read!.ETag);
        Assert.Equal("same", await ReadTextAsync(read));
    }

    [Fact]
    public async Task Absent_blob_reads_as_null_and_deletes_quietly()
    {
        Assert.Null(await _store.OpenReadAsync("nope/x"));
        Assert.Null(_store.TryGetLocalPath("nope/x"));
        await _store.DeleteAsync("nope/x");
    }

    [Fact]
    public async Task Unconditional_put_replaces()
    {
        await PutAsync("k", "one");
        string etag = await PutAsync("k", "two");

        using BlobReadResult? read = await _store.OpenReadAsync("k");
        Assert.Equal("two", await ReadTextAsync(read!));
        Assert.Equal(etag, read!.ETag);
    }

    [Fact]
    public async Task Create_only_fails_when_the_blob_exists()
    {
        await PutAsync("m", "first", BlobCondition.CreateOnly);

        var ex = await Assert.ThrowsAsync<BlobConditionFailedException>(() => PutAsync("m", "second", BlobCondition.CreateOnly));

        Assert.Equal("m", ex.Key);
        using BlobReadResult? read = await _store.OpenReadAsync("m");
        Assert.Equal("first", await ReadTextAsync(read!));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "tmp")));
    }

    [Fact]
    public async Task Of_concurrent_create_only_writers_exactly_one_wins()
    {
        for (int round = 0; round < 10; round++)
        {
            string key = $"race/{round}";
            using var start = new ManualResetEventSlim();
            Task<bool>[] writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await PutAsync(key, $"writer {w}", BlobCondition.CreateOnly);
                    return true;
                }
                catch (BlobConditionFailedException)
                {
                    return false;
                }
            })).ToArray();
            start.Set();

            bool[] won = await Task.WhenAll(writers);

            int winner = Assert.Single(Enumerable.Range(0, won.Length), i => won[i]);
            using BlobReadResult? read = await _store.OpenReadAsync(key);
            Assert.Equal($"writer {winner}", await ReadTextAsync(read!));
        }
    }

    [Fact]
    public async Task If_match_replaces_only_the_matching_etag()
    {
        string v1 = await PutAsync("manifest", "v1");
        string v2 = await PutAsync("manifest", "v2", BlobCondition.Matching(v1));

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => PutAsync("manifest", "stale", BlobCondition.Matching(v1)));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => PutAsync("absent", "x", BlobCondition.Matching(v1)));

        using BlobReadResult? read = await _store.OpenReadAsync("manifest");
        Assert.Equal("v2", await ReadTextAsync(read!));
        Assert.Equal(v2, read!.ETag);
    }

    [Fact]
    public async Task Of_concurrent_if_match_writers_on_one_etag_exactly_one_wins()
    {
        // Two instances share nothing in memory, as two processes would: only the lock file serializes them.
        var second = new FileBlobStore(_dir.Path);
        string v0 = await PutAsync("cas", "v0");
        Task<bool>[] writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            try
            {
                FileBlobStore store = w % 2 == 0 ? _store : second;
                await store.PutAsync("cas", new MemoryStream(Encoding.UTF8.GetBytes($"from {w}")), BlobCondition.Matching(v0));
                return true;
            }
            catch (BlobConditionFailedException)
            {
                return false;
            }
        })).ToArray();

        bool[] won = await Task.WhenAll(writers);

        int winner = Assert.Single(Enumerable.Range(0, won.Length), i => won[i]);
        using BlobReadResult? read = await _store.OpenReadAsync("cas");
        Assert.Equal($"from {winner}", await ReadTextAsync(read!));
    }

    [Fact]
    public async Task A_reader_keeps_its_version_while_the_blob_is_replaced()
    {
        await PutAsync("live", "old content");
        using BlobReadResult? reader = await _store.OpenReadAsync("live");

        await PutAsync("live", "new content");
        await _store.DeleteAsync("live");

        Assert.Equal("old content", await ReadTextAsync(reader!));
    }

    [Fact]
    public async Task List_returns_keys_under_a_prefix_in_order()
    {
        foreach (string key in new[] { "col/2/b", "col/1/a", "col/10/c", "colx/z", "other/q" }) await PutAsync(key, key);

        Assert.Equal(["col/1/a", "col/10/c", "col/2/b"], await _store.ListAsync("col/"));
        Assert.Equal(["col/1/a", "col/10/c"], await _store.ListAsync("col/1"));
        Assert.Equal(["col/1/a", "col/10/c", "col/2/b", "colx/z"], await _store.ListAsync("col"));
        Assert.Equal(5, (await _store.ListAsync("")).Count);
        Assert.Empty(await _store.ListAsync("missing/"));
    }

    [Fact]
    public async Task Delete_removes_the_blob()
    {
        await PutAsync("d/x", "bye");

        await _store.DeleteAsync("d/x");

        Assert.Null(await _store.OpenReadAsync("d/x"));
        Assert.Empty(await _store.ListAsync("d/"));
        // A deleted blob can be created again.
        await PutAsync("d/x", "again", BlobCondition.CreateOnly);
    }

    [Fact]
    public async Task Local_path_points_at_the_raw_bytes()
    {
        byte[] content = [1, 2, 3, 4, 5];
        await _store.PutAsync("idx/vectors.bin", new MemoryStream(content));

        string? path = _store.TryGetLocalPath("idx/vectors.bin");

        Assert.NotNull(path);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_large_blob_round_trips()
    {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(content);
        string etag = await _store.PutAsync("big", new MemoryStream(content));

        using BlobReadResult? read = await _store.OpenReadAsync("big");
        using var copy = new MemoryStream();
        await read!.Content.CopyToAsync(copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(etag, read.ETag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("trailing/")]
    [InlineData("back\\slash")]
    public async Task Keys_that_could_escape_the_folder_are_rejected(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.PutAsync(key, new MemoryStream([1])));
    }

    private Task<string> PutAsync(string key, string text, BlobCondition condition = default) =>
        _store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(text)), condition);

    private static async Task<string> ReadTextAsync(BlobReadResult read)
    {
        using var reader = new StreamReader(read.Content, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }
}
