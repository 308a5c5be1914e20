namespace Chroma.Core.Memory;

/// <summary>
/// Approximate sizes of managed objects on a 64-bit runtime, for memory budgets: close enough to
/// rank and bound what a version holds, not an exact count of the heap.
/// </summary>
internal static class HeapSize
{
    /// <summary>Header, method table and length of an array.</summary>
    public const int ArrayOverhead = 24;

    /// <summary>Header, method table, length and terminator of a string.</summary>
    public const int StringOverhead = 22;

    /// <summary>Header and method table of an object, plus a few fields.</summary>
    public const int ObjectOverhead = 32;

    /// <summary>A dictionary's own object and the headers of its bucket and entry arrays.</summary>
    public const int DictionaryOverhead = 80 + (2 * ArrayOverhead);

    /// <summary>One dictionary entry besides its key and value: bucket, hash code and next index.</summary>
    public const int DictionaryEntryOverhead = 12;

    public static long Array(long length, int elementSize) => ArrayOverhead + (length * elementSize);

    public static long String(string value) => StringOverhead + (2L * value.Length);
}
