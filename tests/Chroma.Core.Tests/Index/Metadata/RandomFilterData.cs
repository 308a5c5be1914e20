using Chroma.Core.Filtering;
using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Index.Metadata;

/// <summary>
/// Seeded random records and filters built to hit every corner of the filter semantics:
/// missing keys, null metadata and documents, int/float mixes (1 vs 1.0, -0.0, 2^53+1),
/// keys that are scalar in one record and an array in another, kind mismatches, unicode,
/// deleted labels that still hold data.
/// </summary>
internal sealed class RandomFilterData
{
    private static readonly string[] Words = ["red", "green", "blue", "apple", "banana", "cherry", "café", "naïve", "日本語", "😀ok", "a", "ab", "Apple", "x y"];
    private static readonly string[] Keys = ["cat", "n", "f", "ok", "tags", "nums", "flags", "mixed", "rare"];
    private static readonly string[] Patterns =
    [
        "apple", "(?i)apple", "ap+le", "b.n", "^app", "[a-c]an", "red|blue", "che(r)+y", "ban?ana", "caf", "日本", "😀", "x y", "e$",
        @"\bred\b", "an{2}", "a(?:pp)le", "nana", "[日]本語", @"app\.le", "(?i:RED) green", "gre*n",
    ];

    private readonly Random _random;

    public RandomFilterData(int seed, int labelCount)
    {
        _random = new Random(seed);
        LabelCount = labelCount;
        Metadatas = new Dictionary<string, MetadataValue>?[labelCount + 7]; // columns may be longer than the label count
        Documents = new string?[labelCount + 7];
        Live = new ulong[LabelBitset.WordCount(labelCount)];
        for (int label = 0; label < labelCount; label++)
        {
            Metadatas[label] = RandomMetadata();
            Documents[label] = RandomDocument();
            // About 1 in 8 labels is deleted; half of those keep their data, as a lazily cleared store might.
            if (_random.Next(8) != 0) LabelBitset.Set(Live, label);
            else if (_random.Next(2) == 0)
            {
                Metadatas[label] = null;
                Documents[label] = null;
            }
        }
        // The planner reads the store's compact maps and UTF-8 documents; the brute-force reference
        // below reads the dictionaries and strings.
        Indexes = new FilterIndexes(Array.ConvertAll(Metadatas, CompactMetadata.From), FullText.TrigramIndexTests.Utf8(Documents), labelCount, Live);
    }

    public int LabelCount { get; }
    public Dictionary<string, MetadataValue>?[] Metadatas { get; }
    public string?[] Documents { get; }
    public ulong[] Live { get; }
    public FilterIndexes Indexes { get; }

    /// <summary>Brute force: the live labels (within an optional domain) the filter matches.</summary>
    public ulong[] Expected(RecordFilter filter, ulong[]? domain = null)
    {
        var bits = new ulong[Live.Length];
        for (int label = 0; label < LabelCount; label++)
        {
            if (!LabelBitset.IsSet(Live, label) || (domain is not null && !LabelBitset.IsSet(domain, label))) continue;
            if (filter.Matches(Metadatas[label], Documents[label])) LabelBitset.Set(bits, label);
        }
        return bits;
    }

    public ulong[] RandomDomain()
    {
        var bits = new ulong[Live.Length];
        for (int label = 0; label < LabelCount; label++)
        {
            if (_random.Next(3) == 0) LabelBitset.Set(bits, label);
        }
        return bits;
    }

    public WhereClause RandomWhere(int depth)
    {
        int choice = _random.Next(20);
        if (choice == 0)
        {
            // #id never matches in get/query, whatever the operator.
            return _random.Next(2) == 0 ? Where.Eq(WhereClause.IdKey, "a") : FilterTestsParse("{\"#id\": {\"$ne\": \"a\"}}");
        }
        if (choice <= 8 || (choice >= 15 && depth <= 0)) return RandomComparison();
        if (choice <= 10) return RandomSet();
        if (choice <= 12) return RandomArrayContains();
        if (choice <= 14) return Where.Document(RandomWhereDocument(0));

        // Mostly one to three children; now and then an empty $and (everything) or $or (nothing).
        var children = new WhereClause[_random.Next(10) == 0 ? 0 : 1 + _random.Next(3)];
        for (int i = 0; i < children.Length; i++) children[i] = RandomWhere(depth - 1);
        return _random.Next(2) == 0 ? Where.And(children) : Where.Or(children);
    }

    public WhereDocumentClause RandomWhereDocument(int depth)
    {
        int choice = _random.Next(depth <= 0 ? 4 : 6);
        switch (choice)
        {
            case 0:
            case 1:
                string needle = RandomNeedle();
                return _random.Next(3) == 0 ? WhereDocument.NotContains(needle) : WhereDocument.Contains(needle);
            case 2:
            case 3:
                string pattern = Patterns[_random.Next(Patterns.Length)];
                return _random.Next(3) == 0 ? WhereDocument.NotRegex(pattern) : WhereDocument.Regex(pattern);
            default:
                var children = new WhereDocumentClause[_random.Next(4)];
                for (int i = 0; i < children.Length; i++) children[i] = RandomWhereDocument(depth - 1);
                return _random.Next(2) == 0 ? WhereDocument.And(children) : WhereDocument.Or(children);
        }
    }

    /// <summary>A substring of length 0..6 of some document (so it usually matches), or of a word.</summary>
    public string RandomNeedle()
    {
        string source = Documents[_random.Next(LabelCount)] ?? Words[_random.Next(Words.Length)];
        int length = Math.Min(source.Length, _random.Next(7));
        int start = _random.Next(source.Length - length + 1);
        return source.Substring(start, length);
    }

    private static WhereClause FilterTestsParse(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return WhereClause.Parse(document.RootElement);
    }

    private WhereClause RandomComparison()
    {
        string key = RandomKey();
        int op = _random.Next(6);
        if (op >= 2)
        {
            MetadataValue number = RandomNumber();
            return op switch
            {
                2 => Where.Gt(key, number),
                3 => Where.Gte(key, number),
                4 => Where.Lt(key, number),
                _ => Where.Lte(key, number),
            };
        }
        MetadataValue value = RandomScalar();
        return op == 0 ? Where.Eq(key, value) : Where.Ne(key, value);
    }

    private WhereClause RandomSet()
    {
        string key = RandomKey();
        int kind = _random.Next(3);
        var values = new MetadataValue[1 + _random.Next(3)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = kind switch
            {
                0 => Words[_random.Next(Words.Length)],
                1 => _random.Next(2) == 0,
                _ => RandomNumber(),
            };
        }
        return _random.Next(2) == 0 ? Where.In(key, values) : Where.Nin(key, values);
    }

    private WhereClause RandomArrayContains()
    {
        string key = RandomKey();
        MetadataValue value = RandomScalar();
        return _random.Next(3) == 0 ? Where.NotContains(key, value) : Where.Contains(key, value);
    }

    private string RandomKey() => _random.Next(20) == 0 ? "never-seen" : Keys[_random.Next(Keys.Length)];

    private MetadataValue RandomScalar() => _random.Next(4) switch
    {
        0 => _random.Next(10) == 0 ? "unseen value" : Words[_random.Next(Words.Length)],
        1 => _random.Next(2) == 0,
        _ => RandomNumber(),
    };

    private MetadataValue RandomNumber() => _random.Next(8) switch
    {
        0 => (double)_random.Next(-5, 6),         // integral float: equals the int of the same value
        1 => _random.Next(-10, 11) / 2.0,         // halves
        2 => -0.0,
        3 => 9007199254740993L,                   // 2^53 + 1: not representable as a double
        4 => 9007199254740992.0,
        _ => _random.Next(-5, 6),
    };

    private Dictionary<string, MetadataValue>? RandomMetadata()
    {
        if (_random.Next(12) == 0) return null;
        var metadata = new Dictionary<string, MetadataValue>(StringComparer.Ordinal);
        foreach (string key in Keys)
        {
            if (_random.Next(4) == 0) continue; // missing key
            if (key == "rare" && _random.Next(10) != 0) continue;
            metadata[key] = key switch
            {
                "cat" => _random.Next(10) == 0 ? (MetadataValue)_random.Next(3) : Words[_random.Next(Words.Length)],
                "n" => RandomNumber(),
                "f" => _random.Next(3) == 0 ? double.NaN : _random.Next(-20, 21) / 4.0,
                "ok" => _random.Next(2) == 0,
                "tags" => MetadataValue.FromStrings(RandomArray(() => Words[_random.Next(Words.Length)])),
                "nums" => _random.Next(2) == 0
                    ? MetadataValue.FromInts(RandomArray(() => (long)_random.Next(-3, 4)))
                    : MetadataValue.FromFloats(RandomArray(() => _random.Next(-6, 7) / 2.0)),
                "flags" => MetadataValue.FromBools(RandomArray(() => _random.Next(2) == 0)),
                "rare" => MetadataValue.Null,
                // One key, many shapes: scalar here, array there, string or number.
                _ => _random.Next(5) switch
                {
                    0 => Words[_random.Next(Words.Length)],
                    1 => _random.Next(-3, 4),
                    2 => MetadataValue.FromInts(RandomArray(() => (long)_random.Next(-3, 4))),
                    3 => MetadataValue.FromStrings(RandomArray(() => Words[_random.Next(Words.Length)])),
                    _ => _random.Next(2) == 0,
                },
            };
        }
        return metadata;
    }

    private T[] RandomArray<T>(Func<T> element)
    {
        var values = new T[1 + _random.Next(4)]; // duplicates are likely and allowed
        for (int i = 0; i < values.Length; i++) values[i] = element();
        return values;
    }

    private string? RandomDocument()
    {
        if (_random.Next(10) == 0) return null;
        int words = _random.Next(5);
        var parts = new string[words];
        for (int i = 0; i < words; i++) parts[i] = Words[_random.Next(Words.Length)];
        return string.Join(_random.Next(4) == 0 ? "" : " ", parts);
    }
}
