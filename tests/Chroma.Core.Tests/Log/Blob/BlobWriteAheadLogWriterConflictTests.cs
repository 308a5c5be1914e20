using System.Collections.Concurrent;
using Chroma.Core.Log;
using Chroma.Core.Log.Blob;
using Chroma.Core.Model;
using Chroma.Core.Storage;
using Chroma.Core.Tests.Storage;

namespace Chroma.Core.Tests.Log.Blob;

/// <summary>Two writer processes on one collection, modelled as two instances over one store.</summary>
public sealed class BlobWriteAheadLogWriterConflictTests
{
    private static readonly Guid Collection = Guid.Parse("11111111-2222-3333-4444-555555555555");

    [Fact]
    public async Task AWriterWithAStaleManifestGetsAConflictThenRecovers()
    {
        var store = new InMemoryBlobStore();
        var a = new BlobWriteAheadLog(store);
        var b = new BlobWriteAheadLog(store);

        Assert.Equal(1, (await a.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("a1", 1))).FirstOffset);
        Assert.Equal(2, (await b.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("b1", 1))).FirstOffset);

        // a still caches the manifest it wrote: its commit loses against b's.
        var ex = await Assert.ThrowsAsync<ChromaException>(() => a.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("lost", 1)).AsTask());
        Assert.Equal(ChromaErrorCode.Aborted, ex.Code);
        Assert.True(BlobWriteAheadLog.IsWriterConflict(ex));

        // The conflict dropped a's cache: the retry re-reads the manifest and commits.
        Assert.Equal(3, (await a.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("a2", 1))).FirstOffset);

        List<LogEntry> read = await new BlobWriteAheadLog(store).ReadAllAsync(Collection);
        Assert.Equal(["a1-0", "b1-0", "a2-0"], read.SelectMany(e => e.Records.Ids));
        // The loser's fragment exists but no manifest lists it.
        Assert.Equal(4, store.Keys("/fragments/").Length);
    }

    [Fact]
    public async Task LosingTheManifestRaceCommitsNothingAndConfiguredRetriesRecommitAtFreshOffsets()
    {
        var store = new InMemoryBlobStore();
        var a = new BlobWriteAheadLog(store, new BlobWriteAheadLogOptions { ConflictRetries = 1 });
        var b = new BlobWriteAheadLog(store);
        await a.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("first", 1));

        // Between a's fragment write and a's manifest write, b commits a whole append.
        bool interleaved = false;
        store.BeforePut = async (key, condition) =>
        {
            if (interleaved || condition.IfMatch is null || !key.EndsWith("/manifest", StringComparison.Ordinal)) return;
            interleaved = true;
            await b.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("b", 2));
        };

        LogEntry committed = await a.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("a", 1));

        Assert.True(interleaved);
        Assert.Equal(4, committed.FirstOffset); // 2-3 went to b; a's first attempt at 2 was never visible
        List<LogEntry> read = await new BlobWriteAheadLog(store).ReadAllAsync(Collection);
        Assert.Equal(["first-0", "b-0", "b-1", "a-0"], read.SelectMany(e => e.Records.Ids));
    }

    [Fact]
    public async Task CompactionSweepsTheOrphansOfLostRaces()
    {
        var store = new InMemoryBlobStore();
        var a = new BlobWriteAheadLog(store);
        var b = new BlobWriteAheadLog(store);
        await a.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("a", 1));
        await b.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("b", 1));
        await Assert.ThrowsAsync<ChromaException>(() => a.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("lost", 1)).AsTask());
        Assert.Equal(3, store.Keys("/fragments/").Length); // two committed, one orphan starting at offset 2

        await b.AdvanceCompactionAsync(Collection, 2);

        Assert.Empty(store.Keys("/fragments/"));
        Assert.Equal(3, (await a.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("c", 1))).FirstOffset);
    }

    [Fact]
    public async Task TwoWritersHammeringOneCollectionLoseNoAcknowledgedAppend()
    {
        using var temp = new TempDirectory();
        var store = new FileBlobStore(temp.Path);
        var writers = new[] { new BlobWriteAheadLog(store), new BlobWriteAheadLog(store) };
        var acknowledged = new ConcurrentBag<LogEntry>();
        int conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, 6).Select(t => Task.Run(async () =>
        {
            BlobWriteAheadLog writer = writers[t % 2];
            for (int i = 0; i < 12; i++)
            {
                try
                {
                    acknowledged.Add(await writer.AppendAsync(Collection, OperationKind.Upsert, SampleBatches.Simple($"w{t}-{i}", 1 + i % 3)));
                }
                catch (ChromaException ex) when (BlobWriteAheadLog.IsWriterConflict(ex))
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        Assert.Equal(72, acknowledged.Count + conflicts);
        List<LogEntry> read = await new BlobWriteAheadLog(store).ReadAllAsync(Collection);
        // Exactly the acknowledged entries, at the offsets they were acknowledged with, densely.
        Assert.Equal(acknowledged.Count, read.Count);
        var byOffset = acknowledged.ToDictionary(e => e.FirstOffset);
        long expected = 1;
        foreach (LogEntry entry in read)
        {
            Assert.Equal(expected, entry.FirstOffset);
            Assert.True(byOffset.TryGetValue(entry.FirstOffset, out LogEntry? ack), $"offset {entry.FirstOffset} was never acknowledged");
            Assert.Equal(ack.Records.Ids, entry.Records.Ids);
            expected = entry.LastOffset + 1;
        }

        Assert.Equal(expected - 1, await writers[0].ScoutAsync(Collection));
    }
}
