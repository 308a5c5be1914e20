using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Chroma.Distributed.Execution;

/// <summary>
/// How many bytes of index versions a service keeps in memory: <c>Chroma:SegmentCache:MemoryBytes</c>.
/// Past it, the least recently read collections are dropped from memory and read again from disk
/// (the local file cache or blob storage in distributed mode) when needed.
/// </summary>
public static class SegmentCacheBudget
{
    public const string ConfigKey = "Chroma:SegmentCache:MemoryBytes";

    /// <summary>
    /// For the distributed services (Query, Log, Compactor): the configured budget, by default half
    /// of the memory the runtime may use (the container's limit where there is one).
    /// </summary>
    public static long FromConfiguration(IConfiguration configuration) =>
        Configured(configuration) ?? Math.Max(1, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2);

    /// <summary>The configured budget, or null when none is set (single node: no limit, as in Chroma).</summary>
    public static long? Configured(IConfiguration configuration)
    {
        string? configured = configuration[ConfigKey];
        if (string.IsNullOrWhiteSpace(configured)) return null;
        if (!long.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) || bytes <= 0)
            throw new InvalidOperationException($"{ConfigKey} must be a positive number of bytes, got '{configured}'.");
        return bytes;
    }
}
