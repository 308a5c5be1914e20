using Chroma.Core.Memory;

namespace Chroma.Core.Index.Metadata;

/// <summary>
/// Everything indexed under one metadata key. Scalar values and array elements are kept
/// apart because the filters keep them apart: $eq/$in/$gt… never match an array-valued
/// field and $contains never matches a scalar one. Within each, a value kind only meets its
/// own kind (a string never equals a number), except ints and floats, which compare
/// numerically in one <see cref="NumericColumn"/>. Immutable once built.
/// </summary>
public sealed class MetadataKeyIndex
{
    private readonly Dictionary<string, PostingList>? _strings;
    private readonly PostingList? _true;
    private readonly PostingList? _false;
    private readonly Dictionary<string, PostingList>? _stringElements;
    private readonly PostingList? _trueElements;
    private readonly PostingList? _falseElements;

    internal MetadataKeyIndex(
        Dictionary<string, PostingList>? strings, PostingList? trueValues, PostingList? falseValues, NumericColumn? numbers,
        Dictionary<string, PostingList>? stringElements, PostingList? trueElements, PostingList? falseElements, NumericColumn? numberElements)
    {
        _strings = strings;
        _true = trueValues;
        _false = falseValues;
        Numbers = numbers;
        _stringElements = stringElements;
        _trueElements = trueElements;
        _falseElements = falseElements;
        NumberElements = numberElements;
    }

    /// <summary>Scalar int and float values; null when the key never holds one.</summary>
    public NumericColumn? Numbers { get; }

    /// <summary>Elements of int and float arrays; null when the key never holds one.</summary>
    public NumericColumn? NumberElements { get; }

    /// <summary>Approximate bytes held (<see cref="HeapSize"/>).</summary>
    internal long EstimatedBytes =>
        HeapSize.ObjectOverhead
        + BytesOf(_strings) + BytesOf(_true) + BytesOf(_false) + (Numbers?.EstimatedBytes ?? 0)
        + BytesOf(_stringElements) + BytesOf(_trueElements) + BytesOf(_falseElements) + (NumberElements?.EstimatedBytes ?? 0);

    private static long BytesOf(PostingList? postings) => postings?.EstimatedBytes ?? 0;

    private static long BytesOf(Dictionary<string, PostingList>? postings)
    {
        if (postings is null) return 0;
        long bytes = HeapSize.DictionaryOverhead;
        foreach (KeyValuePair<string, PostingList> pair in postings)
        {
            bytes += HeapSize.DictionaryEntryOverhead + (2 * IntPtr.Size) + HeapSize.String(pair.Key) + pair.Value.EstimatedBytes;
        }
        return bytes;
    }

    /// <summary>Labels whose scalar string value is <paramref name="value"/> (ordinal); null for none.</summary>
    public PostingList? GetString(string value) =>
        _strings is not null && _strings.TryGetValue(value, out PostingList? postings) ? postings : null;

    /// <summary>Labels whose scalar bool value is <paramref name="value"/>; null for none.</summary>
    public PostingList? GetBool(bool value) => value ? _true : _false;

    /// <summary>Labels whose string array holds <paramref name="value"/>; null for none.</summary>
    public PostingList? GetStringElement(string value) =>
        _stringElements is not null && _stringElements.TryGetValue(value, out PostingList? postings) ? postings : null;

    /// <summary>Labels whose bool array holds <paramref name="value"/>; null for none.</summary>
    public PostingList? GetBoolElement(bool value) => value ? _trueElements : _falseElements;
}
