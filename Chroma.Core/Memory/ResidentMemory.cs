using System.Runtime;

namespace Chroma.Core.Memory;

/// <summary>
/// Hands the memory of large, short-lived builds back to the operating system. A replaced index
/// version or the scratch of a filter-index build is tens to hundreds of megabytes that die all at
/// once, mostly in the large-object heap; left to the collector's own pace, a background GC neither
/// compacts nor decommits it, and the process stays resident at twice its live data. One full
/// compacting collection right after such a build costs a pause of tens of milliseconds, once.
/// </summary>
internal static class ResidentMemory
{
    /// <summary>Builds over fewer labels than this leave too little behind to be worth a full collection.</summary>
    public const int LargeBuildLabels = 20_000;

    private static int _queued;

    /// <summary>Queues one release on the thread pool; calls while one is queued share it.</summary>
    public static void ReleaseSoon()
    {
        if (Interlocked.Exchange(ref _queued, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static _ =>
        {
            Volatile.Write(ref _queued, 0);
            ReleaseNow();
        }, null);
    }

    public static void ReleaseNow()
    {
        LargeBufferPools.DropRetained();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
