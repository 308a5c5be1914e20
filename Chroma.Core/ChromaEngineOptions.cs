namespace Chroma.Core;

/// <summary>Options of the local engine (embedded and single node).</summary>
public sealed record ChromaEngineOptions
{
    /// <summary>Folder holding the catalog, the log and the index versions.</summary>
    public required string Path { get; init; }

    /// <summary>Whether <c>reset</c> may wipe everything (Chroma's ALLOW_RESET).</summary>
    public bool AllowReset { get; init; }

    /// <summary>Run compaction in the background (off only in tests that drive it by hand).</summary>
    public bool BackgroundCompaction { get; init; } = true;

    /// <summary>
    /// Bytes of index versions kept in memory (estimated); past it the least recently read
    /// collections are dropped and loaded again from disk on their next read. Null: no limit,
    /// every collection read since start stays in memory (Chroma's default too).
    /// </summary>
    public long? SegmentCacheBytes { get; init; }

    /// <summary>Receives notices (recovery, background failures). Core has no logging dependency.</summary>
    public Action<string>? Log { get; init; }
}
