using System.Text;

namespace Chroma.Core.Memory;

/// <summary>
/// One string object for each short UTF-8 value that repeats: metadata keys (every record of a
/// collection usually has the same few) and categorical string values. Without it, 100,000
/// records with three keys and a category held 400,000 copies of a handful of strings (12 MB),
/// and every decode allocated them again.
/// <para>
/// Bounded and lossy: a fixed table of slots indexed by hash, where a new value simply replaces
/// whatever collided with it, so a stream of distinct values (ids, free text) costs one
/// allocation each as before and never grows the table. Thread-safe without locks: a slot holds
/// an immutable entry and is replaced by one reference write.
/// </para>
/// </summary>
public static class Utf8StringCache
{
    /// <summary>Longer values are rarely repeated labels; they are decoded without the table.</summary>
    public const int MaxLength = 48;

    private const int SlotCount = 4096;
    private static readonly Entry?[] Slots = new Entry?[SlotCount];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0) return string.Empty;
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);

        int slot = (int)((uint)Hash(utf8) & (SlotCount - 1));
        Entry? entry = Volatile.Read(ref Slots[slot]);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8)) return entry.Value;

        string value = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref Slots[slot], new Entry(utf8.ToArray(), value));
        return value;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    private sealed class Entry(byte[] utf8, string value)
    {
        public byte[] Utf8 { get; } = utf8;
        public string Value { get; } = value;
    }
}
