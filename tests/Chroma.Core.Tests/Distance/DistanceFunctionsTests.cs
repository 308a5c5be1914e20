using Chroma.Core.Distance;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Distance;

public class DistanceFunctionsTests
{
    private static readonly float[] A = [1f, 2f, 3f];
    private static readonly float[] B = [4f, -5f, 6f];

    [Fact]
    public void L2_is_squared_euclidean_without_sqrt()
    {
        // (1-4)^2 + (2+5)^2 + (3-6)^2 = 9 + 49 + 9
        Assert.Equal(67f, DistanceFunctions.Distance(DistanceSpace.L2, A, B));
    }

    [Fact]
    public void Ip_is_one_minus_dot()
    {
        // dot = 4 - 10 + 18 = 12
        Assert.Equal(1f - 12f, DistanceFunctions.Distance(DistanceSpace.InnerProduct, A, B));
    }

    [Fact]
    public void Cosine_is_one_minus_dot_of_normalised_vectors()
    {
        double expected = 1 - (12 / (Math.Sqrt(14) * Math.Sqrt(77)));
        Assert.Equal(expected, DistanceFunctions.Distance(DistanceSpace.Cosine, A, B), 5);
        Assert.Equal(0f, DistanceFunctions.Distance(DistanceSpace.Cosine, A, [2f, 4f, 6f]), 5);
    }

    [Fact]
    public void Zero_vector_normalises_to_zero_and_has_cosine_distance_one()
    {
        float[] zero = new float[3];
        float[] normalised = new float[3];
        DistanceFunctions.Normalize(zero, normalised);
        Assert.Equal(zero, normalised);
        Assert.Equal(1f, DistanceFunctions.Distance(DistanceSpace.Cosine, zero, A));
    }

    [Fact]
    public void Normalize_gives_unit_length()
    {
        float[] normalised = new float[3];
        DistanceFunctions.Normalize(B, normalised);
        double norm = Math.Sqrt((normalised[0] * normalised[0]) + (normalised[1] * normalised[1]) + (normalised[2] * normalised[2]));
        Assert.Equal(1.0, norm, 5);
    }
}
