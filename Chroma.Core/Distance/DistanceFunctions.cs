using System.Numerics.Tensors;
using Chroma.Core.Model;

namespace Chroma.Core.Distance;

/// <summary>
/// Chroma's distance semantics in one place (chroma rust/distance/src/types.rs):
/// l2 = squared Euclidean (no sqrt), cosine = 1 - dot of normalised vectors, ip = 1 - dot.
/// Normalisation divides by (norm + 1e-32) exactly as Chroma does, so a zero vector stays zero
/// (cosine distance 1 to everything) instead of becoming NaN.
/// </summary>
public static class DistanceFunctions
{
    /// <summary>Added to the norm before dividing, as Chroma does.</summary>
    public const float NormEpsilon = 1e-32f;

    public static float Distance(DistanceSpace space, ReadOnlySpan<float> a, ReadOnlySpan<float> b) => space switch
    {
        DistanceSpace.L2 => SquaredL2(a, b),
        DistanceSpace.Cosine => Cosine(a, b),
        DistanceSpace.InnerProduct => InnerProduct(a, b),
        _ => ThrowUnknownSpace(space),
    };

    public static float SquaredL2(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => VectorKernels.SquaredL2(a, b);

    /// <summary>1 - dot(a/|a|, b/|b|) without materialising the normalised vectors.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        1f - (VectorKernels.Dot(a, b) * InverseNorm(a) * InverseNorm(b));

    public static float InnerProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => 1f - VectorKernels.Dot(a, b);

    /// <summary>1 / (|v| + 1e-32): the factor Chroma normalises by.</summary>
    public static float InverseNorm(ReadOnlySpan<float> vector) => 1f / (TensorPrimitives.Norm(vector) + NormEpsilon);

    /// <summary>Writes vector / (|vector| + 1e-32) into <paramref name="destination"/> (may alias).</summary>
    public static void Normalize(ReadOnlySpan<float> vector, Span<float> destination)
    {
        if (destination.Length < vector.Length) ThrowHelper.DimensionMismatch(vector.Length, destination.Length);
        TensorPrimitives.Multiply(vector, InverseNorm(vector), destination);
    }

    private static float ThrowUnknownSpace(DistanceSpace space) =>
        ThrowHelper.InvalidArgument<float>($"Unknown distance space {(byte)space}.");
}
