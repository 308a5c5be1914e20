namespace Chroma.Core.Log;

/// <summary>Options of <see cref="FileWriteAheadLog"/>.</summary>
public sealed record FileWriteAheadLogOptions
{
    /// <summary>Folder holding one sub-folder per collection.</summary>
    public required string RootPath { get; init; }

    /// <summary>A segment is rolled once it reaches this size (it may exceed it by one group commit).</summary>
    public long SegmentSizeBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Records of the most recent entries kept in memory per collection, so reading the tail
    /// just written does not touch the disk.
    /// </summary>
    public int CacheRecordsPerCollection { get; init; } = 8192;

    /// <summary>Receives recovery notices (torn tails cut, leftovers removed). Core has no logger dependency.</summary>
    public Action<string>? Log { get; init; }
}
