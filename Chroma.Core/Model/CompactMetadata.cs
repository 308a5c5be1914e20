using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Chroma.Core.Model;

/// <summary>
/// A record's metadata as an index version keeps it: its values in one array, its keys in a
/// <see cref="MetadataShape"/> shared by every record with the same keys in the same order.
/// A collection's records usually have the same few keys, so the keys cost nothing per record.
/// <para>
/// Why not a dictionary per record: with three keys a <see cref="Dictionary{TKey,TValue}"/> is
/// 263 bytes (object, buckets, entries), this is 127 (object and values), measured over 100,000
/// records. Immutable: versions share it, and readers need no lock.
/// </para>
/// </summary>
public sealed class CompactMetadata : IReadOnlyDictionary<string, MetadataValue>
{
    private readonly MetadataShape _shape;
    private readonly MetadataValue[] _values;

    private CompactMetadata(MetadataShape shape, MetadataValue[] values)
    {
        _shape = shape;
        _values = values;
    }

    public int Count => _values.Length;

    internal MetadataShape Shape => _shape;

    public string KeyAt(int slot) => _shape.Keys[slot];

    public MetadataValue ValueAt(int slot) => _values[slot];

    public MetadataValue this[string key] =>
        TryGetValue(key, out MetadataValue value) ? value : throw new KeyNotFoundException($"Metadata has no key '{key}'.");

    // Read-only wrappers: the arrays are shared (the keys by every map of the shape) and immutable.
    public IEnumerable<string> Keys => Array.AsReadOnly(_shape.Keys);

    public IEnumerable<MetadataValue> Values => Array.AsReadOnly(_values);

    public bool ContainsKey(string key) => _shape.SlotOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out MetadataValue value)
    {
        int slot = _shape.SlotOf(key);
        if (slot < 0)
        {
            value = default;
            return false;
        }

        value = _values[slot];
        return true;
    }

    /// <summary>
    /// The compact form of a map: the same instance when it is one already, null for null. Keys
    /// keep the map's enumeration order.
    /// </summary>
    [return: NotNullIfNotNull(nameof(metadata))]
    public static CompactMetadata? From(IReadOnlyDictionary<string, MetadataValue>? metadata)
    {
        switch (metadata)
        {
            case null:
                return null;
            case CompactMetadata compact:
                return compact;
            case Dictionary<string, MetadataValue> dictionary:
            {
                // The struct enumerator: no boxing on the common concrete type.
                var builder = new Builder(dictionary.Count);
                foreach (var (key, value) in dictionary) builder.Add(key, value);
                return builder.Build();
            }

            default:
            {
                var builder = new Builder(metadata.Count);
                foreach (var (key, value) in metadata) builder.Add(key, value);
                return builder.Build();
            }
        }
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, MetadataValue>> IEnumerable<KeyValuePair<string, MetadataValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Fills a map's entries in order; <see cref="Build"/> finds or makes their shape.</summary>
    internal struct Builder
    {
        private readonly string[] _keys;
        private readonly MetadataValue[] _values;
        private int _count;

        public Builder(int count)
        {
            // The keys are only needed until the shape is found: one scratch array per thread.
            _keys = count <= ScratchKeys.Length ? ScratchKeys : new string[count];
            _values = count == 0 ? [] : new MetadataValue[count];
            _count = 0;
        }

        [ThreadStatic]
        private static string[]? t_scratchKeys;

        private static string[] ScratchKeys => t_scratchKeys ??= new string[64];

        public void Add(string key, MetadataValue value)
        {
            if (_count == _values.Length) ThrowHelper.DataCorrupted($"Metadata holds more than the {_values.Length} entries it declares.");
            _keys[_count] = key;
            _values[_count] = value;
            _count++;
        }

        /// <summary>The map. A repeated key, which only a damaged file holds, throws <see cref="ChromaErrorCode.DataLoss"/>.</summary>
        public CompactMetadata Build()
        {
            if (_count != _values.Length) ThrowHelper.DataCorrupted($"Metadata holds {_count} of the {_values.Length} entries it declares.");
            MetadataShape shape = MetadataShape.Of(_keys.AsSpan(0, _count));
            Array.Clear(_keys, 0, _count); // the scratch array must not keep keys alive
            return new CompactMetadata(shape, _values);
        }
    }

    public struct Enumerator : IEnumerator<KeyValuePair<string, MetadataValue>>
    {
        private readonly CompactMetadata _map;
        private int _slot;

        internal Enumerator(CompactMetadata map)
        {
            _map = map;
            _slot = -1;
        }

        public readonly KeyValuePair<string, MetadataValue> Current => new(_map.KeyAt(_slot), _map._values[_slot]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_slot < _map._values.Length;

        public void Reset() => _slot = -1;

        public readonly void Dispose()
        {
        }
    }
}
