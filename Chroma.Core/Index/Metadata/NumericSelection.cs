namespace Chroma.Core.Index.Metadata;

/// <summary>A slice of each column of a <see cref="NumericColumn"/>: [IntStart, IntEnd) and [FloatStart, FloatEnd).</summary>
public readonly record struct NumericSelection(int IntStart, int IntEnd, int FloatStart, int FloatEnd)
{
    public int Count => Math.Max(0, IntEnd - IntStart) + Math.Max(0, FloatEnd - FloatStart);
}
