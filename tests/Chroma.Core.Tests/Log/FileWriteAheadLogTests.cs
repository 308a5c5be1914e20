using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Tests.Storage;

namespace Chroma.Core.Tests.Log;

public sealed class FileWriteAheadLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Guid _collection = Guid.NewGuid();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Append_then_read_returns_every_field()
    {
        using var wal = new FileWriteAheadLog(_dir.Path);
        RecordBatch batch = SampleBatches.EveryKind();

        LogEntry appended = await wal.AppendAsync(_collection, OperationKind.Upsert, batch);
        IReadOnlyList<LogEntry> read = await wal.ReadAsync(_collection, 0, 100);

        Assert.Equal(1, appended.FirstOffset);
        Assert.Equal(2, appended.LastOffset);
        LogEntry entry = Assert.Single(read);
        Assert.Equal(1, entry.FirstOffset);
        Assert.Equal(OperationKind.Upsert, entry.Operation);
        SampleBatches.AssertEqual(batch, entry.Records);
    }

    [Fact]
    public async Task Offsets_start_at_one_and_are_dense_per_collection()
    {
        using var wal = new FileWriteAheadLog(_dir.Path);
        Guid other = Guid.NewGuid();

        LogEntry first = await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("a", 3));
        LogEntry second = await wal.AppendAsync(_collection, OperationKind.Delete, new RecordBatch(["a-0"]));
        LogEntry elsewhere = await wal.AppendAsync(other, OperationKind.Add, SampleBatches.Simple("b", 2));

        Assert.Equal((1L, 3L), (first.FirstOffset, first.LastOffset));
        Assert.Equal((4L, 4L), (second.FirstOffset, second.LastOffset));
        Assert.Equal((1L, 2L), (elsewhere.FirstOffset, elsewhere.LastOffset));
        Assert.Equal(4, await wal.ScoutAsync(_collection));
        Assert.Equal(2, await wal.ScoutAsync(other));
        Assert.Equal(0, await wal.ScoutAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Concurrent_appenders_get_dense_unique_ordered_offsets()
    {
        const int Writers = 16, AppendsEach = 50;
        using var wal = new FileWriteAheadLog(_dir.Path);

        Task<List<LogEntry>>[] writers = new Task<List<LogEntry>>[Writers];
        for (int w = 0; w < Writers; w++)
        {
            int writer = w;
            writers[w] = Task.Run(async () =>
            {
                var mine = new List<LogEntry>();
                for (int i = 0; i < AppendsEach; i++)
                {
                    int size = 1 + ((writer + i) % 3);
                    mine.Add(await wal.AppendAsync(_collection, OperationKind.Upsert, SampleBatches.Simple($"w{writer}-{i}", size)));
                }

                return mine;
            });
        }

        List<LogEntry> acknowledged = (await Task.WhenAll(writers)).SelectMany(static e => e).OrderBy(static e => e.FirstOffset).ToList();

        long expected = 1;
        foreach (LogEntry entry in acknowledged)
        {
            Assert.Equal(expected, entry.FirstOffset);
            expected = entry.LastOffset + 1;
        }

        Assert.Equal(Writers * AppendsEach, acknowledged.Count);
        Assert.Equal(expected - 1, await wal.ScoutAsync(_collection));

        List<LogEntry> read = await wal.ReadAllAsync(_collection, pageRecords: 37);
        Assert.Equal(acknowledged.Count, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            Assert.Equal(acknowledged[i].FirstOffset, read[i].FirstOffset);
            Assert.Equal(acknowledged[i].Records.Ids, read[i].Records.Ids);
        }
    }

    [Fact]
    public async Task Reopening_reads_everything_from_disk()
    {
        var written = new List<RecordBatch>();
        using (var wal = new FileWriteAheadLog(_dir.Path))
        {
            for (int i = 0; i < 20; i++)
            {
                RecordBatch batch = SampleBatches.Simple($"r{i}", 1 + (i % 4));
                written.Add(batch);
                await wal.AppendAsync(_collection, i % 2 == 0 ? OperationKind.Add : OperationKind.Update, batch);
            }
        }

        using var reopened = new FileWriteAheadLog(_dir.Path);
        List<LogEntry> read = await reopened.ReadAllAsync(_collection);

        Assert.Equal(written.Count, read.Count);
        for (int i = 0; i < written.Count; i++)
        {
            Assert.Equal(i % 2 == 0 ? OperationKind.Add : OperationKind.Update, read[i].Operation);
            SampleBatches.AssertEqual(written[i], read[i].Records);
        }

        LogEntry next = await reopened.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("after", 1));
        Assert.Equal(read[^1].LastOffset + 1, next.FirstOffset);
    }

    [Fact]
    public async Task Reads_return_whole_entries_bounded_by_max_records()
    {
        // A cache of one record forces the older entries to be read from the segment files.
        foreach (int cacheRecords in new[] { 1, 10_000 })
        {
            Guid collection = Guid.NewGuid();
            using var wal = new FileWriteAheadLog(new FileWriteAheadLogOptions { RootPath = _dir.Path + cacheRecords, CacheRecordsPerCollection = cacheRecords });
            for (int i = 0; i < 10; i++) await wal.AppendAsync(collection, OperationKind.Add, SampleBatches.Simple($"e{i}", 3)); // entry i holds 3i+1 .. 3i+3

            IReadOnlyList<LogEntry> fromMiddle = await wal.ReadAsync(collection, 4, 6);
            Assert.Equal([4L, 7L], fromMiddle.Select(static e => e.FirstOffset)); // offset 4 is inside entry 2: it comes whole

            IReadOnlyList<LogEntry> atLeastOne = await wal.ReadAsync(collection, 0, 1);
            Assert.Equal(1, Assert.Single(atLeastOne).FirstOffset);

            Assert.Empty(await wal.ReadAsync(collection, 30, 100));
            Assert.Equal(10, (await wal.ReadAsync(collection, 0, 1000)).Count);
            Assert.Equal(["e9-0", "e9-1", "e9-2"], (await wal.ReadAsync(collection, 29, 1)).Single().Records.Ids);
        }
    }

    [Fact]
    public async Task Segments_roll_and_reads_span_them()
    {
        var options = new FileWriteAheadLogOptions { RootPath = _dir.Path, SegmentSizeBytes = 2048, CacheRecordsPerCollection = 1 };
        using (var wal = new FileWriteAheadLog(options))
        {
            for (int i = 0; i < 60; i++) await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple($"s{i}", 2, dimension: 16));
        }

        Assert.True(WalTestExtensions.SegmentFiles(_dir.Path, _collection).Length > 5);

        using var reopened = new FileWriteAheadLog(options);
        List<LogEntry> all = await reopened.ReadAllAsync(_collection, pageRecords: 7);
        Assert.Equal(60, all.Count);
        Assert.Equal(120, all[^1].LastOffset);
        Assert.Equal(["s33-0", "s33-1"], (await reopened.ReadAsync(_collection, 67, 1)).Single().Records.Ids);
    }

    [Fact]
    public async Task An_empty_batch_is_rejected()
    {
        using var wal = new FileWriteAheadLog(_dir.Path);

        var ex = await Assert.ThrowsAsync<ChromaException>(async () => await wal.AppendAsync(_collection, OperationKind.Add, new RecordBatch([])));

        Assert.Equal(ChromaErrorCode.InvalidArgument, ex.Code);
        Assert.Equal(0, await wal.ScoutAsync(_collection));
    }

    [Fact]
    public async Task A_bad_batch_fails_alone_and_the_log_continues()
    {
        using var wal = new FileWriteAheadLog(_dir.Path);

        await Assert.ThrowsAsync<ChromaException>(async () =>
            await wal.AppendAsync(_collection, OperationKind.Add, new RecordBatch(["a", "b"], documents: ["x"])));
        LogEntry good = await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("ok", 1));

        Assert.Equal(1, good.FirstOffset);
    }

    [Fact]
    public void A_second_instance_on_the_same_root_is_refused()
    {
        using var wal = new FileWriteAheadLog(_dir.Path);

        var ex = Assert.Throws<ChromaException>(() => new FileWriteAheadLog(_dir.Path));

        Assert.Equal(ChromaErrorCode.FailedPrecondition, ex.Code);
    }

    [Fact]
    public async Task Appends_after_dispose_fail()
    {
        var wal = new FileWriteAheadLog(_dir.Path);
        await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("a", 1));
        wal.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("b", 1)));
    }
}
