using System.Buffers;
using System.Runtime.CompilerServices;

namespace Chroma.Core.Memory;

/// <summary>
/// The one place buffers are rented from. Small buffers come from <see cref="ArrayPool{T}.Shared"/>
/// (per-thread caches, no locks). Buffers over 1 MiB come from a bounded pool of their own that keeps
/// at most two arrays of each size.
/// <para>
/// Why: the shared pool keeps one array of every size per thread and up to 32 per core, and lets
/// them go only under memory pressure. Request bodies, log frames and index staging are megabytes
/// each and are rented from whichever thread-pool thread runs the request; after a 100,000-record
/// ingest, 52 such arrays (132 MB, a third of the server's live heap) were held by the shared pool
/// for no one. Two per size is what a write burst reuses (one request being parsed while another is
/// logged); a third concurrent renter allocates and its array is collected.
/// </para>
/// <para>
/// An array must go back through this class: the pool is chosen by the array's length, which is
/// consistent with the pool it came from (the shared pool never hands out more than 1 MiB for a
/// request of at most 1 MiB; the large pool never hands out less).
/// </para>
/// </summary>
public static class BufferPool<T>
{
    private const int LargeBytes = 1 << 20;
    private const int ArraysPerLargeSize = 2;

    private static readonly int LargeLength = LargeBytes / Unsafe.SizeOf<T>();
    private static readonly ArrayPool<T> Large = ArrayPool<T>.Create(Array.MaxLength, ArraysPerLargeSize);

    public static T[] Rent(int minimumLength) =>
        minimumLength > LargeLength ? Large.Rent(minimumLength) : ArrayPool<T>.Shared.Rent(minimumLength);

    public static void Return(T[] array, bool clearArray = false)
    {
        if (array.Length > LargeLength) Large.Return(array, clearArray);
        else ArrayPool<T>.Shared.Return(array, clearArray);
    }
}
