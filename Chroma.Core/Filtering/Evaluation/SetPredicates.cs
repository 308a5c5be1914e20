using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Evaluation;

// $in on scalar fields ($nin is its complement). Sets are hashed once at compile time.

internal sealed class StringInPredicate(string key, HashSet<string> values) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        TryGetValue(metadata, key, out MetadataValue stored)
        && stored.Kind == MetadataValueKind.String
        && values.Contains(stored.AsString);
}

internal sealed class BoolInPredicate(string key, bool acceptTrue, bool acceptFalse) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        TryGetValue(metadata, key, out MetadataValue stored)
        && stored.Kind == MetadataValueKind.Bool
        && (stored.AsBool ? acceptTrue : acceptFalse);
}

/// <summary>
/// Numbers split by kind: an int matches an int operand directly or a float operand that
/// holds exactly that integer; a float matches a float operand or, when integral, an int.
/// </summary>
internal sealed class NumberInPredicate(string key, HashSet<long> ints, HashSet<double> floats) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document)
    {
        if (!TryGetValue(metadata, key, out MetadataValue stored)) return false;
        if (stored.Kind == MetadataValueKind.Int)
        {
            long value = stored.AsInt;
            return ints.Contains(value) || (floats.Count > 0 && ContainsExactFloat(value));
        }
        if (stored.Kind == MetadataValueKind.Float)
        {
            double value = stored.AsFloat;
            return floats.Contains(value)
                || (ints.Count > 0 && NumericComparison.TryGetExactInt(value, out long integer) && ints.Contains(integer));
        }
        return false;
    }

    private bool ContainsExactFloat(long value)
    {
        double candidate = value;
        return floats.Contains(candidate) && NumericComparison.Compare(value, candidate) == 0;
    }
}
