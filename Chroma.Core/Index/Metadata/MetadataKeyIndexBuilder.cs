using Chroma.Core.Model;

namespace Chroma.Core.Index.Metadata;

/// <summary>Accumulates one key's values during a build; labels arrive in ascending order.</summary>
internal sealed class MetadataKeyIndexBuilder
{
    private Dictionary<string, PostingListBuilder>? _strings;
    private PostingListBuilder? _true;
    private PostingListBuilder? _false;
    private NumericColumnBuilder? _numbers;
    private Dictionary<string, PostingListBuilder>? _stringElements;
    private PostingListBuilder? _trueElements;
    private PostingListBuilder? _falseElements;
    private NumericColumnBuilder? _numberElements;

    public void Add(MetadataValue value, int label)
    {
        switch (value.Kind)
        {
            case MetadataValueKind.String:
                Posting(ref _strings, value.AsString).Add(label);
                break;
            case MetadataValueKind.Bool:
                (value.AsBool ? _true ??= new() : _false ??= new()).Add(label);
                break;
            case MetadataValueKind.Int:
                (_numbers ??= new(uniqueLabels: true)).AddInt(value.AsInt, label);
                break;
            case MetadataValueKind.Float:
                (_numbers ??= new(uniqueLabels: true)).AddFloat(value.AsFloat, label);
                break;
            case MetadataValueKind.StringArray:
                foreach (string element in value.AsStrings) Posting(ref _stringElements, element).Add(label);
                break;
            case MetadataValueKind.BoolArray:
                foreach (bool element in value.AsBools) (element ? _trueElements ??= new() : _falseElements ??= new()).Add(label);
                break;
            case MetadataValueKind.IntArray:
                _numberElements ??= new(uniqueLabels: false);
                foreach (long element in value.AsInts) _numberElements.AddInt(element, label);
                break;
            case MetadataValueKind.FloatArray:
                _numberElements ??= new(uniqueLabels: false);
                foreach (double element in value.AsFloats) _numberElements.AddFloat(element, label);
                break;
            default:
                // Null is an absent key; a sparse vector matches no filter operator.
                break;
        }
    }

    public MetadataKeyIndex Build(int labelCount) => new(
        Build(_strings, labelCount), _true?.Build(labelCount), _false?.Build(labelCount), _numbers?.Build(labelCount),
        Build(_stringElements, labelCount), _trueElements?.Build(labelCount), _falseElements?.Build(labelCount), _numberElements?.Build(labelCount));

    private static PostingListBuilder Posting(ref Dictionary<string, PostingListBuilder>? postings, string value)
    {
        postings ??= new Dictionary<string, PostingListBuilder>(StringComparer.Ordinal);
        if (!postings.TryGetValue(value, out PostingListBuilder? builder))
        {
            builder = new PostingListBuilder();
            postings.Add(value, builder);
        }
        return builder;
    }

    private static Dictionary<string, PostingList>? Build(Dictionary<string, PostingListBuilder>? builders, int labelCount)
    {
        if (builders is null) return null;
        var built = new Dictionary<string, PostingList>(builders.Count, StringComparer.Ordinal);
        foreach (var (value, builder) in builders) built.Add(value, builder.Build(labelCount));
        return built;
    }
}
