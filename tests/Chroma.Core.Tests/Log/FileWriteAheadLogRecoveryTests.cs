using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Tests.Storage;

namespace Chroma.Core.Tests.Log;

public sealed class FileWriteAheadLogRecoveryTests : IDisposable
{
    // Frozen by hand from the format (LogFileFormat): "CWAL", version 1, the collection id in
    // Guid.TryWriteBytes order, first offset 1, CRC-32 of those 32 bytes.
    private const string GoldenHeaderHex = "4357414c0100000033221100554477668899aabbccddeeff0100000000000000d814d25a";

    // Payload length 19, CRC-32 of the payload, offset 1, then the batch: Add, 1 record, no columns, id "a".
    private const string GoldenFrameHex = "13000000b785732401000000000000000101000000000100000061";

    private readonly TempDirectory _dir = new();
    private readonly Guid _collection = Guid.NewGuid();
    private readonly List<string> _notices = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_segment_with_one_frame_matches_the_golden_bytes()
    {
        var collection = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        using (var wal = new FileWriteAheadLog(_dir.Path))
        {
            await wal.AppendAsync(collection, OperationKind.Add, new RecordBatch(["a"]));
        }

        string segment = Assert.Single(WalTestExtensions.SegmentFiles(_dir.Path, collection));
        Assert.Equal("00000000000000000001.log", Path.GetFileName(segment));
        Assert.Equal(GoldenHeaderHex + GoldenFrameHex, Convert.ToHexStringLower(await File.ReadAllBytesAsync(segment)));
    }

    public static TheoryData<string> TornTails => new() { "truncated mid-frame", "truncated mid-header", "garbage appended", "zeros appended", "last crc corrupted" };

    [Theory]
    [MemberData(nameof(TornTails))]
    public async Task A_torn_tail_is_cut_to_the_last_complete_entry_and_appends_continue(string damage)
    {
        await WriteEntriesAsync(3);
        string segment = WalTestExtensions.SegmentFiles(_dir.Path, _collection)[^1];
        long goodLength = await LengthOfFirstEntriesAsync(segment, 2);
        Damage(segment, goodLength, damage);

        using (var wal = OpenWithNotices())
        {
            // Entry 3 (offsets 5..6) was never completely written; entries 1 and 2 survive whole.
            List<LogEntry> survivors = await wal.ReadAllAsync(_collection);
            Assert.Equal([1L, 3L], survivors.Select(static e => e.FirstOffset));
            Assert.Equal(4, await wal.ScoutAsync(_collection));
            Assert.Contains(_notices, static n => n.Contains("torn tail", StringComparison.Ordinal));
            Assert.Equal(goodLength, new FileInfo(segment).Length);

            LogEntry next = await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("after", 2));
            Assert.Equal(5, next.FirstOffset);
        }

        using var again = new FileWriteAheadLog(_dir.Path);
        List<LogEntry> all = await again.ReadAllAsync(_collection);
        Assert.Equal([1L, 3L, 5L], all.Select(static e => e.FirstOffset));
        Assert.Equal(["after-0", "after-1"], all[^1].Records.Ids);
    }

    [Fact]
    public async Task A_clean_log_reopens_without_notices()
    {
        await WriteEntriesAsync(3);

        using var wal = OpenWithNotices();

        Assert.Equal(6, await wal.ScoutAsync(_collection));
        Assert.Empty(_notices);
    }

    [Fact]
    public async Task A_corrupted_segment_header_is_rejected_clearly()
    {
        await WriteEntriesAsync(2);
        string segment = WalTestExtensions.SegmentFiles(_dir.Path, _collection)[0];
        FlipByte(segment, 10); // inside the collection id

        using var wal = new FileWriteAheadLog(_dir.Path);
        var ex = await Assert.ThrowsAsync<ChromaException>(async () => await wal.ScoutAsync(_collection));

        Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
        Assert.Contains("corrupt header", ex.Message);
        Assert.Contains(Path.GetFileName(segment), ex.Message);
    }

    [Fact]
    public async Task Recover_all_opens_every_collection_and_fails_fast_on_damage()
    {
        Guid other = Guid.NewGuid();
        using (var wal = new FileWriteAheadLog(_dir.Path))
        {
            await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple("a", 1));
            await wal.AppendAsync(other, OperationKind.Add, SampleBatches.Simple("b", 1));
        }

        using (var wal = new FileWriteAheadLog(_dir.Path))
        {
            Assert.Equal(new[] { _collection, other }.Order(), wal.RecoverAll().Order());
        }

        FlipByte(WalTestExtensions.SegmentFiles(_dir.Path, other)[0], 0);
        using var damaged = new FileWriteAheadLog(_dir.Path);
        var ex = Assert.Throws<ChromaException>(() => damaged.RecoverAll());
        Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
        Assert.Contains("not a write-ahead log segment", ex.Message);
    }

    [Fact]
    public async Task A_segment_of_another_format_version_is_rejected()
    {
        await WriteEntriesAsync(1);
        string segment = WalTestExtensions.SegmentFiles(_dir.Path, _collection)[0];
        byte[] bytes = await File.ReadAllBytesAsync(segment);
        bytes[4] = 2; // version 2, with a matching CRC so only the version is wrong
        BitConverter.TryWriteBytes(bytes.AsSpan(32), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(0, 32)));
        await File.WriteAllBytesAsync(segment, bytes);

        using var wal = new FileWriteAheadLog(_dir.Path);
        var ex = await Assert.ThrowsAsync<ChromaException>(async () => await wal.ReadAsync(_collection, 0, 10));

        Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
        Assert.Contains("version 2", ex.Message);
    }

    [Fact]
    public async Task Corruption_inside_an_older_segment_is_data_loss_not_a_torn_tail()
    {
        var options = new FileWriteAheadLogOptions { RootPath = _dir.Path, SegmentSizeBytes = 1024 };
        using (var wal = new FileWriteAheadLog(options))
        {
            for (int i = 0; i < 30; i++) await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple($"x{i}", 2, dimension: 16));
        }

        string[] segments = WalTestExtensions.SegmentFiles(_dir.Path, _collection);
        Assert.True(segments.Length > 2);
        FlipByte(segments[0], (int)new FileInfo(segments[0]).Length - 1);

        using var reopened = new FileWriteAheadLog(options);
        var ex = await Assert.ThrowsAsync<ChromaException>(async () => await reopened.ScoutAsync(_collection));
        Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
        Assert.Contains("not the last segment", ex.Message);
    }

    [Fact]
    public async Task A_leftover_temp_file_is_removed()
    {
        await WriteEntriesAsync(1);
        string leftover = Path.Combine(_dir.Path, _collection.ToString("N"), "00000000000000000003.log.tmp");
        await File.WriteAllBytesAsync(leftover, [1, 2, 3]);

        using var wal = OpenWithNotices();

        Assert.Equal(2, await wal.ScoutAsync(_collection));
        Assert.False(File.Exists(leftover));
    }

    private FileWriteAheadLog OpenWithNotices() =>
        new(new FileWriteAheadLogOptions { RootPath = _dir.Path, Log = _notices.Add });

    /// <summary>Entries of two records each: entry i holds offsets 2i+1 and 2i+2.</summary>
    private async Task WriteEntriesAsync(int count)
    {
        using var wal = new FileWriteAheadLog(_dir.Path);
        for (int i = 0; i < count; i++) await wal.AppendAsync(_collection, OperationKind.Add, SampleBatches.Simple($"e{i}", 2));
    }

    /// <summary>Bytes of the segment header plus its first <paramref name="entries"/> frames, walked by their length prefixes.</summary>
    private static async Task<long> LengthOfFirstEntriesAsync(string segment, int entries)
    {
        byte[] bytes = await File.ReadAllBytesAsync(segment);
        long position = 36;
        for (int i = 0; i < entries; i++) position += 8 + BitConverter.ToUInt32(bytes, (int)position);
        return position;
    }

    private static void Damage(string segment, long goodLength, string damage)
    {
        long length = new FileInfo(segment).Length;
        switch (damage)
        {
            case "truncated mid-frame":
                Truncate(segment, goodLength + (length - goodLength) / 2);
                break;
            case "truncated mid-header":
                Truncate(segment, goodLength + 5);
                break;
            case "garbage appended":
                Truncate(segment, goodLength);
                AppendBytes(segment, RandomBytes(777));
                break;
            case "zeros appended":
                // A file extended but never filled: the last entry's blocks read as zeros.
                Truncate(segment, goodLength);
                AppendBytes(segment, new byte[4096]);
                break;
            case "last crc corrupted":
                FlipByte(segment, (int)goodLength + 5);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(12345).NextBytes(bytes);
        return bytes;
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    private static void AppendBytes(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }

    private static void FlipByte(string path, int position)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[position] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }
}
