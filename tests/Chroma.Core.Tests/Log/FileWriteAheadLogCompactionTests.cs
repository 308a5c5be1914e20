using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Tests.Storage;

namespace Chroma.Core.Tests.Log;

public sealed class FileWriteAheadLogCompactionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Guid _collection = Guid.NewGuid();

    public void Dispose() => _dir.Dispose();

    private FileWriteAheadLogOptions SmallSegments => new() { RootPath = _dir.Path, SegmentSizeBytes = 1024, CacheRecordsPerCollection = 4 };

    [Fact]
    public async Task Compaction_deletes_whole_segments_at_or_below_the_offset()
    {
        using var wal = new FileWriteAheadLog(SmallSegments);
        for (int i = 0; i < 40; i++) await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple($"c{i}", 2, dimension: 16));
        string[] before = WalTestExtensions.SegmentFiles(_dir.Path, _collection);

        await wal.AdvanceCompactionAsync(_collection, 42); // entry i holds offsets 2i+1 and 2i+2

        string[] after = WalTestExtensions.SegmentFiles(_dir.Path, _collection);
        Assert.True(after.Length < before.Length);
        Assert.Equal(before[^after.Length..], after);
        // The first remaining segment holds offset 43: it starts at or before it.
        long firstKept = long.Parse(Path.GetFileNameWithoutExtension(after[0]));
        Assert.InRange(firstKept, 3, 43);

        List<LogEntry> tail = await wal.ReadAllAsync(_collection, afterOffset: 42);
        Assert.Equal(43, tail[0].FirstOffset);
        Assert.Equal(80, tail[^1].LastOffset);
        Assert.Equal(80, await wal.ScoutAsync(_collection));
    }

    [Fact]
    public async Task Offsets_continue_after_restart_when_every_segment_was_compacted()
    {
        using (var wal = new FileWriteAheadLog(SmallSegments))
        {
            for (int i = 0; i < 10; i++) await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple($"c{i}", 3, dimension: 16));
            await wal.AdvanceCompactionAsync(_collection, 30);
            Assert.Empty(WalTestExtensions.SegmentFiles(_dir.Path, _collection));
            Assert.Equal(30, await wal.ScoutAsync(_collection));
            Assert.Empty(await wal.ReadAsync(_collection, 0, 100));

            LogEntry sameRun = await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("same", 1));
            Assert.Equal(31, sameRun.FirstOffset);
            await wal.AdvanceCompactionAsync(_collection, 31);
        }

        using (var reopened = new FileWriteAheadLog(SmallSegments))
        {
            Assert.Equal(31, await reopened.ScoutAsync(_collection));
            LogEntry next = await reopened.AppendAsync(_collection, OperationKind.Upsert, SampleBatches.Simple("next", 2));
            Assert.Equal(32, next.FirstOffset);
            Assert.Equal(["next-0", "next-1"], Assert.Single(await reopened.ReadAsync(_collection, 31, 10)).Records.Ids);
        }

        using var third = new FileWriteAheadLog(SmallSegments);
        Assert.Equal(33, await third.ScoutAsync(_collection));
        Assert.Equal(32, Assert.Single(await third.ReadAllAsync(_collection)).FirstOffset);
    }

    [Fact]
    public async Task Compaction_past_the_durable_offset_is_rejected_and_going_back_is_a_no_op()
    {
        using var wal = new FileWriteAheadLog(SmallSegments);
        for (int i = 0; i < 5; i++) await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple($"c{i}", 1));

        var ex = await Assert.ThrowsAsync<ChromaException>(async () => await wal.AdvanceCompactionAsync(_collection, 6));
        Assert.Equal(ChromaErrorCode.InvalidArgument, ex.Code);

        await wal.AdvanceCompactionAsync(_collection, 3);
        await wal.AdvanceCompactionAsync(_collection, 1);
        Assert.Equal([4L, 5L], (await wal.ReadAllAsync(_collection, afterOffset: 3)).Select(static e => e.FirstOffset));
        Assert.Equal(5, await wal.ScoutAsync(_collection));
    }

    [Fact]
    public async Task Compaction_races_with_appends_and_reads_without_losing_entries()
    {
        using var wal = new FileWriteAheadLog(SmallSegments);
        Task writers = Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 40; i++) await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple($"w{w}-{i}", 1, dimension: 16));
        })));

        long compacted = 0;
        while (!writers.IsCompleted)
        {
            long durable = await wal.ScoutAsync(_collection);
            if (durable > compacted + 5)
            {
                compacted = durable - 5;
                await wal.AdvanceCompactionAsync(_collection, compacted);
            }

            List<LogEntry> tail = await wal.ReadAllAsync(_collection, afterOffset: compacted);
            for (int i = 1; i < tail.Count; i++) Assert.Equal(tail[i - 1].LastOffset + 1, tail[i].FirstOffset);
        }

        await writers;
        List<LogEntry> rest = await wal.ReadAllAsync(_collection, afterOffset: compacted);
        Assert.Equal(160, await wal.ScoutAsync(_collection));
        Assert.Equal(160 - compacted, rest.Count);
        Assert.Equal(compacted + 1, rest[0].FirstOffset);
    }

    [Fact]
    public async Task Drop_removes_the_folder_and_later_use_is_not_found()
    {
        Guid other = Guid.NewGuid();
        using var wal = new FileWriteAheadLog(_dir.Path);
        await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("a", 3));
        await wal.AppendAsync(other, OperationKind.Add, SampleBatches.Simple("b", 1));
        string folder = Path.Combine(_dir.Path, _collection.ToString("N"));
        Assert.True(Directory.Exists(folder));

        await wal.DropAsync(_collection);

        Assert.False(Directory.Exists(folder));
        Assert.Equal(1, await wal.ScoutAsync(other));

        // Collection ids are never reused: a write that raced the delete must fail, not recreate
        // the folder as an orphan nobody would ever remove.
        var append = await Assert.ThrowsAsync<ChromaException>(async () => await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("c", 1)));
        Assert.Equal(ChromaErrorCode.NotFound, append.Code);
        var scout = await Assert.ThrowsAsync<ChromaException>(async () => await wal.ScoutAsync(_collection));
        Assert.Equal(ChromaErrorCode.NotFound, scout.Code);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Drop_of_a_collection_not_opened_in_this_process_removes_its_folder()
    {
        using (var wal = new FileWriteAheadLog(_dir.Path))
        {
            await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("a", 1));
        }

        using var reopened = new FileWriteAheadLog(_dir.Path);
        await reopened.DropAsync(_collection);

        Assert.False(Directory.Exists(Path.Combine(_dir.Path, _collection.ToString("N"))));
        await Assert.ThrowsAsync<ChromaException>(async () => await reopened.ScoutAsync(_collection));
    }
}
