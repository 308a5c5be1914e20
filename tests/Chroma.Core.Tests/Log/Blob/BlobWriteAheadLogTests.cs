using Chroma.Core.Log;
using Chroma.Core.Log.Blob;
using Chroma.Core.Model;
using Chroma.Core.Tests.Storage;

namespace Chroma.Core.Tests.Log.Blob;

public sealed class BlobWriteAheadLogTests
{
    private static readonly Guid Collection = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    [Fact]
    public async Task AppendedEntriesRoundTripEveryFieldThroughANewInstance()
    {
        var store = new InMemoryBlobStore();
        var writer = new BlobWriteAheadLog(store);
        RecordBatch every = SampleBatches.EveryKind();
        RecordBatch simple = SampleBatches.Simple("s", 3);
        var delete = new RecordBatch(["a"]);

        LogEntry first = await writer.AppendAsync(Collection, OperationKind.Add, every);
        LogEntry second = await writer.AppendAsync(Collection, OperationKind.Upsert, simple);
        LogEntry third = await writer.AppendAsync(Collection, OperationKind.Delete, delete);
        Assert.Equal((1, 3, 6), (first.FirstOffset, second.FirstOffset, third.FirstOffset));

        // A fresh instance has no fragment cache: this decodes the blobs.
        var reader = new BlobWriteAheadLog(store);
        List<LogEntry> entries = await reader.ReadAllAsync(Collection);
        Assert.Equal(3, entries.Count);
        Assert.Equal((1L, OperationKind.Add), (entries[0].FirstOffset, entries[0].Operation));
        Assert.Equal((3L, OperationKind.Upsert), (entries[1].FirstOffset, entries[1].Operation));
        Assert.Equal((6L, OperationKind.Delete), (entries[2].FirstOffset, entries[2].Operation));
        SampleBatches.AssertEqual(every, entries[0].Records);
        SampleBatches.AssertEqual(simple, entries[1].Records);
        SampleBatches.AssertEqual(delete, entries[2].Records);
        Assert.Equal(6, await reader.ScoutAsync(Collection));
    }

    [Fact]
    public async Task EmptyLogScoutsZeroAndReadsNothing()
    {
        var log = new BlobWriteAheadLog(new InMemoryBlobStore());
        Assert.Equal(0, await log.ScoutAsync(Collection));
        Assert.Empty(await log.ReadAsync(Collection, 0, 10));
    }

    [Fact]
    public async Task ReadReturnsWholeEntriesAfterTheOffsetUpToMaxRecords()
    {
        var log = new BlobWriteAheadLog(new InMemoryBlobStore());
        for (int i = 0; i < 4; i++) await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple($"e{i}", 3)); // 1-3, 4-6, 7-9, 10-12

        // Offset 5 is inside the second entry, which still holds 6: whole entries come back.
        Assert.Equal(new long[] { 4L, 7L }, Offsets(await log.ReadAsync(Collection, 5, 6)));
        // 4-6 fits in 5 records, 7-9 would pass them.
        Assert.Equal(new long[] { 4L }, Offsets(await log.ReadAsync(Collection, 3, 5)));

        IReadOnlyList<LogEntry> atLeastOne = await log.ReadAsync(Collection, 0, 1);
        Assert.Equal(new long[] { 1L }, Offsets(atLeastOne));

        Assert.Equal(new long[] { 1L, 4L, 7L, 10L }, Offsets(await log.ReadAsync(Collection, 0, 1000)));
        Assert.Empty(await log.ReadAsync(Collection, 12, 1000));
        await Assert.ThrowsAsync<ChromaException>(() => log.ReadAsync(Collection, 0, 0).AsTask());
    }

    [Fact]
    public async Task AnOwnersAppendCostsTwoBlobWritesAndNoRead()
    {
        var store = new InMemoryBlobStore();
        var log = new BlobWriteAheadLog(store);
        await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("a", 1));
        int puts = store.Puts, reads = store.Reads;

        await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("b", 1));

        Assert.Equal(puts + 2, store.Puts);
        Assert.Equal(reads, store.Reads);
    }

    [Fact]
    public async Task AppendsQueuedDuringACommitShareTheNextFragment()
    {
        var store = new InMemoryBlobStore();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstWriteStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforePut = async (key, _) =>
        {
            if (!key.Contains("/fragments/", StringComparison.Ordinal)) return;
            firstWriteStarted.TrySetResult();
            await gate.Task;
        };
        var log = new BlobWriteAheadLog(store);

        Task<LogEntry> leader = log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("lead", 1)).AsTask();
        await firstWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The flusher is busy with the leader's group: these all queue (synchronously) behind it.
        var followers = new Task<LogEntry>[50];
        for (int i = 0; i < followers.Length; i++)
            followers[i] = log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple($"f{i}", 2)).AsTask();
        gate.SetResult();

        Assert.Equal(1, (await leader).FirstOffset);
        LogEntry[] entries = await Task.WhenAll(followers);
        for (int i = 0; i < entries.Length; i++) Assert.Equal(2 + 2 * i, entries[i].FirstOffset);
        Assert.Equal(2, store.Keys("/fragments/").Length);
        Assert.Equal(101, await log.ScoutAsync(Collection));
    }

    [Fact]
    public async Task ConcurrentAppendersGetDenseOrderedOffsetsInFewerFragments()
    {
        var store = new InMemoryBlobStore();
        var log = new BlobWriteAheadLog(store);
        const int Tasks = 16, AppendsPerTask = 20;

        var offsets = new long[Tasks][];
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            offsets[t] = new long[AppendsPerTask];
            for (int i = 0; i < AppendsPerTask; i++)
                offsets[t][i] = (await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple($"t{t}-{i}", 1))).FirstOffset;
        })));

        var all = new List<long>();
        foreach (long[] perTask in offsets)
        {
            for (int i = 1; i < perTask.Length; i++) Assert.True(perTask[i] > perTask[i - 1], "one task's appends are ordered");
            all.AddRange(perTask);
        }

        all.Sort();
        Assert.Equal(Enumerable.Range(1, Tasks * AppendsPerTask).Select(i => (long)i), all);
        Assert.True(store.Keys("/fragments/").Length < Tasks * AppendsPerTask, "group commit wrote fewer fragments than appends");

        List<LogEntry> read = await new BlobWriteAheadLog(store).ReadAllAsync(Collection);
        Assert.Equal(Tasks * AppendsPerTask, read.Count);
        for (int i = 0; i < read.Count; i++) Assert.Equal(i + 1, read[i].FirstOffset);
    }

    [Fact]
    public async Task AFailedCommitFailsTheWholeGroupAndLeavesNothingVisible()
    {
        var store = new InMemoryBlobStore();
        var log = new BlobWriteAheadLog(store);
        await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("ok", 2));

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fragmentWriteStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool fail = true;
        store.BeforePut = async (key, _) =>
        {
            if (!fail) return;
            if (key.Contains("/fragments/", StringComparison.Ordinal))
            {
                fragmentWriteStarted.TrySetResult();
                await gate.Task;
            }
            else if (fragmentWriteStarted.Task.IsCompleted && gate.Task.IsCompleted)
            {
                throw new IOException("injected manifest write failure");
            }
        };

        Task<LogEntry> leader = log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("x", 1)).AsTask();
        await fragmentWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Task<LogEntry> follower = log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("y", 1)).AsTask();
        gate.SetResult();

        await Assert.ThrowsAsync<IOException>(() => leader);
        await Assert.ThrowsAsync<IOException>(() => follower);
        fail = false;

        Assert.Equal(2, await log.ScoutAsync(Collection));
        LogEntry next = await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("z", 1));
        Assert.Equal(3, next.FirstOffset);
        List<LogEntry> read = await new BlobWriteAheadLog(store).ReadAllAsync(Collection);
        Assert.Equal(["ok-0", "ok-1", "z-0"], read.SelectMany(e => e.Records.Ids));
    }

    [Fact]
    public async Task ANewInstanceReadsEverythingAndContinuesTheOffsets()
    {
        var store = new InMemoryBlobStore();
        var first = new BlobWriteAheadLog(store);
        for (int i = 0; i < 5; i++) await first.AppendAsync(Collection, OperationKind.Upsert, SampleBatches.Simple($"a{i}", 2));

        var reopened = new BlobWriteAheadLog(store);
        Assert.Equal(10, await reopened.ScoutAsync(Collection));
        Assert.Equal(new long[] { 1L, 3L, 5L, 7L, 9L }, Offsets(await reopened.ReadAllAsync(Collection)));
        LogEntry appended = await reopened.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("b", 1));
        Assert.Equal(11, appended.FirstOffset);
    }

    [Fact]
    public async Task CompactionDropsCoveredFragmentsAndOffsetsContinue()
    {
        var store = new InMemoryBlobStore();
        var log = new BlobWriteAheadLog(store);
        for (int i = 0; i < 5; i++) await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple($"e{i}", 2)); // 1-2 ... 9-10
        Assert.Equal(5, store.Keys("/fragments/").Length);

        await log.AdvanceCompactionAsync(Collection, 5); // fragments 1-2 and 3-4 go; 5-6 stays (6 is not compacted)

        Assert.Equal(3, store.Keys("/fragments/").Length);
        var reader = new BlobWriteAheadLog(store);
        Assert.Equal(new long[] { 5L, 7L, 9L }, Offsets(await reader.ReadAllAsync(Collection)));
        Assert.Equal(10, await reader.ScoutAsync(Collection));

        await log.AdvanceCompactionAsync(Collection, 3); // backwards: nothing happens
        Assert.Equal(3, store.Keys("/fragments/").Length);
        var ex = await Assert.ThrowsAsync<ChromaException>(() => log.AdvanceCompactionAsync(Collection, 11).AsTask());
        Assert.Equal(ChromaErrorCode.InvalidArgument, ex.Code);

        await log.AdvanceCompactionAsync(Collection, 10);
        Assert.Empty(store.Keys("/fragments/"));
        Assert.Empty(await reader.ReadAsync(Collection, 0, 100));
        LogEntry next = await reader.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("n", 1));
        Assert.Equal(11, next.FirstOffset);
        Assert.Equal(new long[] { 11L }, Offsets(await log.ReadAllAsync(Collection)));
    }

    [Fact]
    public async Task DropDeletesEveryBlobAndTheLogRestartsEmpty()
    {
        var store = new InMemoryBlobStore();
        var log = new BlobWriteAheadLog(store);
        Guid other = Guid.NewGuid();
        await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("a", 2));
        await log.AppendAsync(other, OperationKind.Add, SampleBatches.Simple("o", 1));

        await log.DropAsync(Collection);

        Assert.Empty(store.Keys(Collection.ToString("N")));
        Assert.Equal(0, await log.ScoutAsync(Collection));
        Assert.Equal(1, await log.ScoutAsync(other));
        Assert.Equal(1, (await log.AppendAsync(Collection, OperationKind.Add, SampleBatches.Simple("b", 1))).FirstOffset);

        // Dropping through an instance that never opened the collection deletes it all the same.
        await new BlobWriteAheadLog(store).DropAsync(other);
        Assert.Empty(store.Keys(other.ToString("N")));
    }

    [Fact]
    public async Task ListsCollectionsAndReportsWhatIsNotCompacted()
    {
        var store = new InMemoryBlobStore();
        var log = new BlobWriteAheadLog(store, new BlobWriteAheadLogOptions { KeyPrefix = "tenant/wal/" });
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        await log.AppendAsync(a, OperationKind.Add, SampleBatches.Simple("a", 3));
        await log.AppendAsync(b, OperationKind.Add, SampleBatches.Simple("b", 2));
        await log.AppendAsync(c, OperationKind.Add, SampleBatches.Simple("c", 1));
        await log.AdvanceCompactionAsync(b, 2);
        await log.AdvanceCompactionAsync(c, 1);
        await log.AppendAsync(c, OperationKind.Add, SampleBatches.Simple("c2", 4));

        var listed = (await new BlobWriteAheadLog(store, new BlobWriteAheadLogOptions { KeyPrefix = "tenant/wal/" }).ListCollectionsAsync()).ToHashSet();
        Assert.Equal(new HashSet<Guid> { a, b, c }, listed);

        IReadOnlyList<BlobLogCollectionStatus> uncompacted = await log.GetUncompactedAsync();
        Assert.Equal(
            [new BlobLogCollectionStatus(a, 3, 0), new BlobLogCollectionStatus(c, 5, 1)],
            uncompacted.OrderBy(s => s.LastOffset));
        Assert.Equal(4, uncompacted.Single(s => s.CollectionId == c).UncompactedRecords);
    }

    [Fact]
    public async Task SchedulerPollsCheckOnlyCollectionsAppendedToBetweenFullListings()
    {
        var store = new InMemoryBlobStore();
        var log = new BlobWriteAheadLog(store, new BlobWriteAheadLogOptions { FullScanInterval = TimeSpan.FromHours(1) });
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), elsewhere = Guid.NewGuid();
        await log.AppendAsync(a, OperationKind.Add, SampleBatches.Simple("a", 2));

        Assert.Equal([new BlobLogCollectionStatus(a, 2, 0)], await log.GetUncompactedAsync());
        Assert.Equal(1, store.ListingsOf("wal/")); // the first poll lists every log once

        await log.AppendAsync(b, OperationKind.Add, SampleBatches.Simple("b", 3));
        await log.AdvanceCompactionAsync(a, 2);
        Assert.Equal([new BlobLogCollectionStatus(b, 3, 0)], await log.GetUncompactedAsync());
        await log.AppendAsync(a, OperationKind.Add, SampleBatches.Simple("a2", 1));
        Assert.Equal(
            [new BlobLogCollectionStatus(b, 3, 0), new BlobLogCollectionStatus(a, 3, 2)],
            (await log.GetUncompactedAsync()).OrderBy(s => s.LastOffset).ThenBy(s => s.CompactionOffset));

        // Fully compacted collections are not read again; a dropped one is forgotten.
        await log.AdvanceCompactionAsync(a, 3);
        await log.DropAsync(b);
        Assert.Empty(await log.GetUncompactedAsync());
        int reads = store.Reads;
        Assert.Empty(await log.GetUncompactedAsync());
        Assert.Equal(reads, store.Reads);
        Assert.Equal(1, store.ListingsOf("wal/"));

        // A log another writer appended to is found by the next full listing, not before.
        await new BlobWriteAheadLog(store).AppendAsync(elsewhere, OperationKind.Add, SampleBatches.Simple("e", 4));
        Assert.Empty(await log.GetUncompactedAsync());
        var rescanning = new BlobWriteAheadLog(store, new BlobWriteAheadLogOptions { FullScanInterval = TimeSpan.Zero });
        Assert.Equal([new BlobLogCollectionStatus(elsewhere, 4, 0)], await rescanning.GetUncompactedAsync());
        await rescanning.AdvanceCompactionAsync(elsewhere, 4);
        Assert.Empty(await rescanning.GetUncompactedAsync());
        Assert.Equal(3, store.ListingsOf("wal/")); // and each poll of the rescanning instance lists
    }

    [Fact]
    public async Task AnEmptyBatchIsRejected()
    {
        var log = new BlobWriteAheadLog(new InMemoryBlobStore());
        var ex = await Assert.ThrowsAsync<ChromaException>(() => log.AppendAsync(Collection, OperationKind.Add, new RecordBatch([])).AsTask());
        Assert.Equal(ChromaErrorCode.InvalidArgument, ex.Code);
    }

    private static long[] Offsets(IEnumerable<LogEntry> entries) => entries.Select(e => e.FirstOffset).ToArray();
}
