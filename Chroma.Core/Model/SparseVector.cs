namespace Chroma.Core.Model;

/// <summary>Chroma's sparse vector metadata value: <c>{"#type":"sparse_vector","indices","values","tokens"?}</c>.</summary>
public sealed record SparseVector(uint[] Indices, float[] Values, string[]? Tokens)
{
    public bool Equals(SparseVector? other) =>
        other is not null
        && Indices.AsSpan().SequenceEqual(other.Indices)
        && Values.AsSpan().SequenceEqual(other.Values)
        && (Tokens is null ? other.Tokens is null : other.Tokens is not null && Tokens.AsSpan().SequenceEqual(other.Tokens));

    public override int GetHashCode() => HashCode.Combine(Indices.Length, Values.Length);
}
