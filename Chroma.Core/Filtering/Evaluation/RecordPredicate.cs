using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Evaluation;

/// <summary>
/// One node of a compiled filter. Implementations are small sealed classes holding
/// everything precomputed, so <see cref="Matches"/> does no allocation, boxing or LINQ:
/// it runs once per candidate record.
/// </summary>
internal abstract class RecordPredicate
{
    public abstract bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document);

    /// <summary>The stored value of a key; a missing key, null metadata and a Null value are all "absent".</summary>
    protected static bool TryGetValue(IReadOnlyDictionary<string, MetadataValue>? metadata, string key, out MetadataValue value)
    {
        if (metadata is not null && metadata.TryGetValue(key, out value) && !value.IsNull)
        {
            return true;
        }
        value = default;
        return false;
    }
}

internal sealed class ConstantPredicate : RecordPredicate
{
    public static readonly ConstantPredicate True = new(true);
    public static readonly ConstantPredicate False = new(false);

    private ConstantPredicate(bool value) => Value = value;

    public bool Value { get; }

    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) => Value;
}

internal sealed class AndPredicate(RecordPredicate[] children) : RecordPredicate
{
    public RecordPredicate[] Children { get; } = children;

    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document)
    {
        foreach (RecordPredicate child in Children)
        {
            if (!child.Matches(metadata, document)) return false;
        }
        return true;
    }
}

internal sealed class OrPredicate(RecordPredicate[] children) : RecordPredicate
{
    public RecordPredicate[] Children { get; } = children;

    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document)
    {
        foreach (RecordPredicate child in Children)
        {
            if (child.Matches(metadata, document)) return true;
        }
        return false;
    }
}

/// <summary>The negated operators ($ne, $nin, $not_contains, $not_regex) are exact complements.</summary>
internal sealed class NotPredicate(RecordPredicate inner) : RecordPredicate
{
    public RecordPredicate Inner { get; } = inner;

    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        !Inner.Matches(metadata, document);
}
