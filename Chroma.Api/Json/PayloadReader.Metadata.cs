using System.Text.Json;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// Metadata maps. JSON numbers written with a fraction or exponent are floats, others ints
/// (serde's rule): the kind is part of the value and survives every round trip.
/// </summary>
internal ref partial struct PayloadReader
{
    /// <summary>
    /// Reads one metadata object or null. <paramref name="path"/> names the map for errors
    /// (e.g. <c>metadatas[3]</c>); it is only formatted when an error is raised.
    /// An empty object comes back as an empty (non-null) dictionary; callers decide what it means.
    /// </summary>
    public Dictionary<string, MetadataValue>? ReadMetadata(string path, int index, MetadataMode mode)
    {
        Read();
        return ReadMetadataAtCurrent(path, index, mode);
    }

    /// <summary>Inside a list of maps: the next map, or <paramref name="ended"/> at the list's end.</summary>
    public Dictionary<string, MetadataValue>? ReadMetadataOrEndOfArray(string path, int index, MetadataMode mode, out bool ended)
    {
        Read();
        ended = _reader.TokenType == JsonTokenType.EndArray;
        return ended ? null : ReadMetadataAtCurrent(path, index, mode);
    }

    private Dictionary<string, MetadataValue>? ReadMetadataAtCurrent(string path, int index, MetadataMode mode)
    {
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.StartObject) throw InvalidType(IndexedPath(path, index), "a map");
        int depth = _reader.CurrentDepth;
        try
        {
            return ReadMetadataEntries(path, index, mode);
        }
        catch (MetadataMismatchException mismatch)
        {
            // serde tries the untagged variants on the buffered map and reports the failure where
            // the map ends: finish reading it (syntax errors still win), then raise the 422 there.
            while (!(_reader.TokenType == JsonTokenType.EndObject && _reader.CurrentDepth == depth)) Read();
            throw Untagged(mismatch.Path, "MetadataValue");
        }
    }

    /// <summary>The current string token; metadata keys and values repeat across records, so they share strings.</summary>
    private string GetSharedString() =>
        _reader.ValueIsEscaped || _reader.HasValueSequence ? _reader.GetString()! : Utf8StringCache.Get(_reader.ValueSpan);

    private Dictionary<string, MetadataValue> ReadMetadataEntries(string path, int index, MetadataMode mode)
    {
        var map = new Dictionary<string, MetadataValue>(StringComparer.Ordinal);
        while (NextProperty())
        {
            string key = GetSharedString();
            Read();
            if (_reader.TokenType == JsonTokenType.Null)
            {
                switch (mode)
                {
                    case MetadataMode.RecordUpdate:
                    case MetadataMode.CollectionUpdate:
                        // Record update: deletes the key. Collection modify: dropped by the caller
                        // after its "cannot be empty" check, which counts the keys as sent.
                        map[key] = MetadataValue.Null;
                        continue;
                    default:
                        throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
                }
            }

            var value = ReadMetadataValue(path, index, key);
            if (value.IsArray || value.Kind == MetadataValueKind.SparseVector)
            {
                if (mode is MetadataMode.CollectionCreate or MetadataMode.CollectionUpdate)
                {
                    // Real 1.3.4 drops the connection here (API.md §12); a 400 is the honest answer.
                    throw new ChromaException(ChromaErrorCode.InvalidArgument,
                        $"Validation error: {path}: Collection metadata values must be strings, numbers or booleans: {key}");
                }
            }

            map[key] = value;
        }

        return map;
    }

    /// <summary>Positioned on a non-null value token.</summary>
    private MetadataValue ReadMetadataValue(string path, int index, string key)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.String:
                return MetadataValue.FromString(GetSharedString());
            case JsonTokenType.True:
                return MetadataValue.FromBool(true);
            case JsonTokenType.False:
                return MetadataValue.FromBool(false);
            case JsonTokenType.Number:
                return ReadNumber(path, index, key);
            case JsonTokenType.StartArray:
                return ReadMetadataArray(path, index, key);
            case JsonTokenType.StartObject:
                return MetadataValue.FromSparseVector(ReadSparseVector(path, index, key));
            default:
                throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
        }
    }

    private readonly MetadataValue ReadNumber(string path, int index, string key)
    {
        if (IsIntegerToken() && _reader.TryGetInt64(out long integer)) return MetadataValue.FromInt(integer);

        // Beyond i64 (or written with a fraction/exponent): serde falls through to f64.
        if (_reader.TryGetDouble(out double real) && double.IsFinite(real)) return MetadataValue.FromFloat(real);
        throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
    }

    private MetadataValue ReadMetadataArray(string path, int index, string key)
    {
        // Arrays are short; collect scalars then settle the element type (int+float → float).
        var items = new List<MetadataValue>();
        bool anyString = false, anyBool = false, anyInt = false, anyFloat = false;
        while (true)
        {
            Read();
            if (_reader.TokenType == JsonTokenType.EndArray) break;
            MetadataValue item;
            switch (_reader.TokenType)
            {
                case JsonTokenType.String:
                    item = MetadataValue.FromString(GetSharedString());
                    anyString = true;
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    item = MetadataValue.FromBool(_reader.TokenType == JsonTokenType.True);
                    anyBool = true;
                    break;
                case JsonTokenType.Number:
                    item = ReadNumber(path, index, key);
                    if (item.Kind == MetadataValueKind.Int) anyInt = true;
                    else anyFloat = true;
                    break;
                default:
                    throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
            }

            items.Add(item);
        }

        int kinds = (anyString ? 1 : 0) + (anyBool ? 1 : 0) + (anyInt || anyFloat ? 1 : 0);
        if (kinds > 1) throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");

        // An empty array was accepted by real 1.3.4; it is stored as an empty string array.
        if (anyBool)
        {
            var bools = new bool[items.Count];
            for (int i = 0; i < bools.Length; i++) bools[i] = items[i].AsBool;
            return MetadataValue.FromBools(bools);
        }

        if (anyFloat)
        {
            var floats = new double[items.Count];
            for (int i = 0; i < floats.Length; i++) floats[i] = items[i].AsNumber;
            return MetadataValue.FromFloats(floats);
        }

        if (anyInt)
        {
            var ints = new long[items.Count];
            for (int i = 0; i < ints.Length; i++) ints[i] = items[i].AsInt;
            return MetadataValue.FromInts(ints);
        }

        var strings = new string[items.Count];
        for (int i = 0; i < strings.Length; i++) strings[i] = items[i].AsString;
        return MetadataValue.FromStrings(strings);
    }

    /// <summary><c>{"#type":"sparse_vector","indices":[u32],"values":[f32],"tokens"?:[str]}</c>.</summary>
    private SparseVector ReadSparseVector(string path, int index, string key)
    {
        bool typed = false;
        uint[]? indices = null;
        float[]? values = null;
        string[]? tokens = null;
        while (NextProperty())
        {
            if (PropertyIs("#type"u8))
            {
                Read();
                if (_reader.TokenType != JsonTokenType.String || !_reader.ValueTextEquals("sparse_vector"u8))
                    throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
                typed = true;
            }
            else if (PropertyIs("indices"u8))
            {
                indices = ReadSparseIndices(path, index, key);
            }
            else if (PropertyIs("values"u8))
            {
                values = ReadSparseValues(path, index, key);
            }
            else if (PropertyIs("tokens"u8))
            {
                tokens = ReadNullableStringArray($"{IndexedPath(path, index)}.{key}.tokens");
            }
            else
            {
                throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
            }
        }

        if (!typed || indices is null || values is null) throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
        if (indices.Length != values.Length || (tokens is not null && tokens.Length != indices.Length))
        {
            throw new ChromaException(ChromaErrorCode.InvalidArgument,
                $"Validation error: {path}: Sparse vector indices, values and tokens must have the same length (key: {key})");
        }

        return new SparseVector(indices, values, tokens);
    }

    private uint[] ReadSparseIndices(string path, int index, string key)
    {
        Read();
        if (_reader.TokenType != JsonTokenType.StartArray) throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
        var items = new List<uint>();
        while (true)
        {
            Read();
            if (_reader.TokenType == JsonTokenType.EndArray) break;
            if (_reader.TokenType != JsonTokenType.Number || !_reader.TryGetUInt32(out uint value))
                throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
            items.Add(value);
        }

        return items.ToArray();
    }

    private float[] ReadSparseValues(string path, int index, string key)
    {
        Read();
        if (_reader.TokenType != JsonTokenType.StartArray) throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
        var items = new List<float>();
        while (true)
        {
            Read();
            if (_reader.TokenType == JsonTokenType.EndArray) break;
            if (_reader.TokenType != JsonTokenType.Number || !_reader.TryGetSingle(out float value) || !float.IsFinite(value))
                throw new MetadataMismatchException($"{IndexedPath(path, index)}.{key}");
            items.Add(value);
        }

        return items.ToArray();
    }

    private static string IndexedPath(string path, int index) => index < 0 ? path : $"{path}[{index}]";
}

/// <summary>A metadata value matched no variant; carries its path until the enclosing map ends.</summary>
internal sealed class MetadataMismatchException(string path) : Exception(path)
{
    public string Path { get; } = path;
}
