namespace Chroma.Core.Model;

/// <summary>
/// The ordered keys of a <see cref="CompactMetadata"/>, shared by every map with the same keys
/// in the same order, and the lookup from a key to its slot.
/// <para>
/// Shared through a bounded, lossy table like <see cref="Memory.Utf8StringCache"/>: slots indexed
/// by a hash of the keys, where a new shape replaces whatever collided with it. A collection with
/// a handful of key sets finds them every time; a stream of distinct key sets costs one shape
/// each and never grows the table. Thread-safe without locks: a slot holds an immutable shape and
/// is replaced by one reference write.
/// </para>
/// </summary>
internal sealed class MetadataShape
{
    /// <summary>Up to this many keys a lookup compares keys in order; past it, a dictionary.</summary>
    private const int LinearLookupKeys = 8;

    private const int SlotCount = 1024;
    private static readonly MetadataShape?[] Slots = new MetadataShape?[SlotCount];

    private readonly Dictionary<string, int>? _slots;
    private readonly int _hash;

    private MetadataShape(string[] keys, int hash)
    {
        Keys = keys;
        _hash = hash;
        if (keys.Length > LinearLookupKeys)
        {
            _slots = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
            for (int i = 0; i < keys.Length; i++)
            {
                if (!_slots.TryAdd(keys[i], i)) ThrowRepeated(keys[i]);
            }
        }
        else
        {
            for (int i = 1; i < keys.Length; i++)
            {
                if (Array.IndexOf(keys, keys[i], 0, i) >= 0) ThrowRepeated(keys[i]);
            }
        }
    }

    public string[] Keys { get; }

    /// <summary>The slot of a key, or -1.</summary>
    public int SlotOf(string key)
    {
        if (_slots is not null) return _slots.TryGetValue(key, out int slot) ? slot : -1;
        string[] keys = Keys;
        for (int i = 0; i < keys.Length; i++)
        {
            // Keys decoded or parsed through Utf8StringCache are usually the very same string.
            if (ReferenceEquals(keys[i], key) || string.Equals(keys[i], key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    /// <summary>The shape of these keys in this order. Throws data-corrupted when a key repeats.</summary>
    public static MetadataShape Of(ReadOnlySpan<string> keys)
    {
        int hash = Hash(keys);
        int slot = hash & (SlotCount - 1);
        MetadataShape? cached = Volatile.Read(ref Slots[slot]);
        if (cached is not null && cached.Matches(keys, hash)) return cached;

        var shape = new MetadataShape(keys.ToArray(), hash);
        Volatile.Write(ref Slots[slot], shape);
        return shape;
    }

    private bool Matches(ReadOnlySpan<string> keys, int hash)
    {
        if (_hash != hash || Keys.Length != keys.Length) return false;
        for (int i = 0; i < keys.Length; i++)
        {
            if (!string.Equals(Keys[i], keys[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }

    private static int Hash(ReadOnlySpan<string> keys)
    {
        var hash = new HashCode();
        foreach (string key in keys) hash.Add(key, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    private static void ThrowRepeated(string key) => ThrowHelper.DataCorrupted($"Metadata repeats the key '{key}'.");
}
