using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Evaluation;

// $eq and the ordering operators on scalar fields. An array-valued field is never equal to
// (or ordered against) a scalar, and a kind mismatch simply does not match.

internal sealed class StringEqualsPredicate(string key, string value) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        TryGetValue(metadata, key, out MetadataValue stored)
        && stored.Kind == MetadataValueKind.String
        && string.Equals(stored.AsString, value, StringComparison.Ordinal);
}

internal sealed class BoolEqualsPredicate(string key, bool value) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        TryGetValue(metadata, key, out MetadataValue stored)
        && stored.Kind == MetadataValueKind.Bool
        && stored.AsBool == value;
}

/// <summary>$eq, $gt, $gte, $lt, $lte against an int or float operand; int and float fields both qualify.</summary>
internal sealed class NumberComparePredicate : RecordPredicate
{
    private readonly string _key;
    private readonly MetadataValue _operand;
    // Which results of Compare(stored, operand) match: bit (result + 1) for -1, 0, 1.
    private readonly int _acceptMask;

    public NumberComparePredicate(string key, FilterOperator op, MetadataValue operand)
    {
        _key = key;
        _operand = operand;
        _acceptMask = op switch
        {
            FilterOperator.Eq => 0b010,
            FilterOperator.Gt => 0b100,
            FilterOperator.Gte => 0b110,
            FilterOperator.Lt => 0b001,
            FilterOperator.Lte => 0b011,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }

    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document)
    {
        if (!TryGetValue(metadata, _key, out MetadataValue stored) || !stored.IsNumber) return false;
        int order = NumericComparison.Compare(stored, _operand);
        return order != NumericComparison.Unordered && (_acceptMask & (1 << (order + 1))) != 0;
    }
}
