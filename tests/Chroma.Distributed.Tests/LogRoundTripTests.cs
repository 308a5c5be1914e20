using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Distributed.Log;

namespace Chroma.Distributed.Tests;

/// <summary>The log service over a real file log, driven through <c>GrpcLogClient</c>.</summary>
public class LogRoundTripTests
{
    [Fact]
    public async Task PushPullScoutAdvanceDropRoundTripEveryField()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        IWriteAheadLog remote = host.RemoteLog;
        Guid id = Guid.NewGuid();
        Assert.Equal(0, await remote.ScoutAsync(id));

        RecordBatch full = TestData.FullBatch();
        LogEntry first = await remote.AppendAsync(id, OperationKind.Add, full);
        Assert.Equal(1, first.FirstOffset);
        Assert.Equal(3, first.LastOffset);
        LogEntry second = await remote.AppendAsync(id, OperationKind.Update, new RecordBatch(["a"], metadatas: [new(StringComparer.Ordinal) { ["i"] = MetadataValue.Null }]));
        LogEntry third = await remote.AppendAsync(id, OperationKind.Delete, new RecordBatch(["b"]));
        Assert.Equal(4, second.FirstOffset);
        Assert.Equal(5, third.FirstOffset);
        Assert.Equal(5, await remote.ScoutAsync(id));
        Assert.Equal(5, await host.Log.ScoutAsync(id)); // durable in the server's log, not just answered

        IReadOnlyList<LogEntry> pulled = await remote.ReadAsync(id, 0, 100);
        IReadOnlyList<LogEntry> direct = await host.Log.ReadAsync(id, 0, 100);
        Assert.Equal(3, pulled.Count);
        for (int i = 0; i < pulled.Count; i++)
        {
            Assert.Equal(direct[i].FirstOffset, pulled[i].FirstOffset);
            Assert.Equal(direct[i].Operation, pulled[i].Operation);
            Assertions.Equal(direct[i].Records, pulled[i].Records);
        }

        Assertions.Equal(full, pulled[0].Records);
        Assert.Equal(OperationKind.Delete, pulled[2].Operation);
        Assert.Null(pulled[2].Records.Embeddings);
        Assert.Equal(MetadataValueKind.Null, pulled[1].Records.Metadatas![0]!["i"].Kind);

        IReadOnlyList<LogEntry> tail = await remote.ReadAsync(id, 3, 100);
        Assert.Equal([4L, 5L], [.. tail.Select(e => e.FirstOffset)]);

        await remote.AdvanceCompactionAsync(id, 4);
        Assert.Equal(5, await remote.ScoutAsync(id));
        IReadOnlyList<LogEntry> afterAdvance = await remote.ReadAsync(id, 4, 100);
        Assert.Equal(5, Assert.Single(afterAdvance).FirstOffset);

        await remote.DropAsync(id);
        var dropped = await Assert.ThrowsAsync<ChromaException>(async () => await host.Log.ScoutAsync(id));
        Assert.Equal(ChromaErrorCode.NotFound, dropped.Code); // collection ids are never reused
    }

    [Fact]
    public async Task LogErrorsAreTheSame()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        Guid id = Guid.NewGuid();
        await host.Log.AppendAsync(id, OperationKind.Add, new RecordBatch(["a"]));

        // Advancing past the durable end is refused by the log itself.
        await Assertions.SameErrorAsync(() => host.Log.AdvanceCompactionAsync(id, 99), () => host.RemoteLog.AdvanceCompactionAsync(id, 99));
    }

    [Fact]
    public async Task AnEmptyPushIsRejectedBeforeTheLog()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        Guid id = Guid.NewGuid();
        var error = await Assert.ThrowsAsync<ChromaException>(async () => await host.RemoteLog.AppendAsync(id, OperationKind.Add, new RecordBatch([])));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Equal(0, await host.Log.ScoutAsync(id));
    }

    [Fact]
    public async Task CollectionsToCompactComeFromTheSource()
    {
        var ranges = new[] { new CollectionLogRange(Guid.NewGuid(), 1, 300), new CollectionLogRange(Guid.NewGuid(), 41, 50) };
        var source = new FixedCompactionSource(ranges);
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync(source);

        IReadOnlyList<CollectionLogRange> listed = await host.RemoteCompaction.ListCollectionsToCompactAsync(100);

        Assert.Equal(100, source.LastMinimum);
        Assert.Equal([ranges[0]], listed);
    }

    [Fact]
    public async Task WithoutASourceListingIsUnimplemented()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        var error = await Assert.ThrowsAsync<ChromaException>(async () => await host.RemoteCompaction.ListCollectionsToCompactAsync(1));
        Assert.Equal(ChromaErrorCode.Unimplemented, error.Code);
    }

    private sealed class FixedCompactionSource(CollectionLogRange[] ranges) : ILogCompactionSource
    {
        public long LastMinimum { get; private set; }

        public ValueTask<IReadOnlyList<CollectionLogRange>> ListCollectionsToCompactAsync(long minUncompactedRecords, CancellationToken ct = default)
        {
            LastMinimum = minUncompactedRecords;
            IReadOnlyList<CollectionLogRange> due = [.. ranges.Where(r => r.UncompactedRecords >= minUncompactedRecords)];
            return ValueTask.FromResult(due);
        }
    }
}
