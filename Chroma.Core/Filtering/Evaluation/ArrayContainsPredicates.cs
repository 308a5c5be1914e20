using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Evaluation;

// $contains on a metadata key: the stored value is an array holding the operand. A scalar
// field holds nothing. $not_contains is the complement.

internal sealed class StringArrayContainsPredicate(string key, string value) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document)
    {
        if (!TryGetValue(metadata, key, out MetadataValue stored) || stored.Kind != MetadataValueKind.StringArray) return false;
        foreach (string element in stored.AsStrings)
        {
            if (string.Equals(element, value, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}

internal sealed class BoolArrayContainsPredicate(string key, bool value) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        TryGetValue(metadata, key, out MetadataValue stored)
        && stored.Kind == MetadataValueKind.BoolArray
        && stored.AsBools.AsSpan().Contains(value);
}

internal sealed class NumberArrayContainsPredicate(string key, MetadataValue operand) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document)
    {
        if (!TryGetValue(metadata, key, out MetadataValue stored)) return false;
        if (stored.Kind == MetadataValueKind.IntArray)
        {
            long[] values = stored.AsInts;
            if (operand.Kind == MetadataValueKind.Int) return values.AsSpan().Contains(operand.AsInt);
            double wanted = operand.AsFloat;
            foreach (long element in values)
            {
                if (NumericComparison.Compare(element, wanted) == 0) return true;
            }
            return false;
        }
        if (stored.Kind == MetadataValueKind.FloatArray)
        {
            double[] values = stored.AsFloats;
            if (operand.Kind == MetadataValueKind.Float) return values.AsSpan().Contains(operand.AsFloat);
            long wanted = operand.AsInt;
            foreach (double element in values)
            {
                if (NumericComparison.Compare(wanted, element) == 0) return true;
            }
            return false;
        }
        return false;
    }
}
