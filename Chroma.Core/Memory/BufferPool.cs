using System.Buffers;
using System.Runtime.CompilerServices;

namespace Chroma.Core.Memory;

/// <summary>
/// The one place buffers are rented from. Buffers up to 64 KiB come from
/// <see cref="ArrayPool{T}.Shared"/> (per-thread caches, no locks). Larger ones, which live on the
/// large-object heap, come from two bounded pools of our own: up to 1 MiB, at most eight arrays of
/// each size; over 1 MiB, at most two.
/// <para>
/// Why: the shared pool keeps one array of every size per thread and more per core, and lets them
/// go only under memory pressure. Request bodies, log frames, answers and index staging are rented
/// from whichever thread-pool thread runs the request; after a 100,000-record ingest, 52 arrays
/// over 1 MiB (132 MB, a third of the server's live heap) were held by the shared pool for no one,
/// and with those bounded, arrays between 64 KiB and 1 MiB still held 20 MB. Two of a size is what
/// a write burst of megabyte bodies reuses (one request parsed while another is logged); eight
/// covers concurrent answers of a few hundred kilobytes. A renter beyond that allocates, and its
/// array is collected.
/// </para>
/// <para>
/// After a large build the arrays these pools keep are dropped with the rest of the build's memory
/// (<see cref="ResidentMemory.ReleaseNow"/>): a finished ingest leaves arrays of every size its
/// batches needed, which an idle or read-only server never reuses. Measured on bench/compare at
/// 100k, the live heap after the build went from 310 to 278 MB.
/// </para>
/// <para>
/// An array must go back through this class: the pool is chosen by the array's length, which is
/// consistent with the pool it came from (each pool hands out lengths within its own range), and
/// an array rented before a drop goes back to the new pool, which sizes its buckets alike.
/// </para>
/// </summary>
public static class BufferPool<T>
{
    private const int MediumBytes = 1 << 16;
    private const int LargeBytes = 1 << 20;
    private const int ArraysPerMediumSize = 8;
    private const int ArraysPerLargeSize = 2;

    private static readonly int MediumLength = MediumBytes / Unsafe.SizeOf<T>();
    private static readonly int LargeLength = LargeBytes / Unsafe.SizeOf<T>();
    private static ArrayPool<T> _medium = null!;
    private static ArrayPool<T> _large = null!;

    static BufferPool()
    {
        ReplacePools();
        LargeBufferPools.Register(ReplacePools);
    }

    public static T[] Rent(int minimumLength) => PoolFor(minimumLength).Rent(minimumLength);

    public static void Return(T[] array, bool clearArray = false) => PoolFor(array.Length).Return(array, clearArray);

    /// <summary>Fresh, empty pools; what the old ones kept becomes garbage.</summary>
    private static void ReplacePools()
    {
        Volatile.Write(ref _medium, ArrayPool<T>.Create(LargeLength, ArraysPerMediumSize));
        Volatile.Write(ref _large, ArrayPool<T>.Create(Array.MaxLength, ArraysPerLargeSize));
    }

    private static ArrayPool<T> PoolFor(int length) =>
        length > LargeLength ? Volatile.Read(ref _large)
        : length > MediumLength ? Volatile.Read(ref _medium)
        : ArrayPool<T>.Shared;
}

/// <summary>The large pools of every element type in use, so that their retained arrays can be dropped together.</summary>
internal static class LargeBufferPools
{
    private static readonly List<Action> Droppers = [];

    public static void Register(Action drop)
    {
        lock (Droppers) Droppers.Add(drop);
    }

    /// <summary>Replaces every large pool with an empty one; the arrays the old ones kept become garbage.</summary>
    public static void DropRetained()
    {
        lock (Droppers)
        {
            foreach (Action drop in Droppers) drop();
        }
    }
}
