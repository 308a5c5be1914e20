using Chroma.Core.Log;

namespace Chroma.Core.Tests.Log;

internal static class WalTestExtensions
{
    /// <summary>Every entry after <paramref name="afterOffset"/>, paging through the log.</summary>
    public static async Task<List<LogEntry>> ReadAllAsync(this IWriteAheadLog log, Guid collectionId, long afterOffset = 0, int pageRecords = 1000)
    {
        var all = new List<LogEntry>();
        while (true)
        {
            IReadOnlyList<LogEntry> page = await log.ReadAsync(collectionId, afterOffset, pageRecords);
            if (page.Count == 0) return all;
            all.AddRange(page);
            afterOffset = page[^1].LastOffset;
        }
    }

    public static string[] SegmentFiles(string root, Guid collectionId)
    {
        string[] files = Directory.GetFiles(Path.Combine(root, collectionId.ToString("N")), "*.log");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
