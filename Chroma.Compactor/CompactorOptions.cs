namespace Chroma.Compactor;

/// <summary>Bound from configuration section <c>Compactor</c> (environment <c>Compactor__PollInterval=00:00:01</c>).</summary>
public sealed class CompactorOptions
{
    public const string SectionName = "Compactor";

    /// <summary>How often the Log is asked which collections have uncompacted records.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A collection is compacted once it has at least this many uncompacted log records.</summary>
    public long MinUncompactedRecords { get; set; } = 1;

    /// <summary>
    /// Cores the index build leaves free. 1 by default, for the AppHost's machine where every
    /// service runs side by side; 0 where the Compactor has a node or a container to itself.
    /// </summary>
    public int ReservedCores { get; set; } = 1;
}
