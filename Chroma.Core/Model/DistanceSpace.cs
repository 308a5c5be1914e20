namespace Chroma.Core.Model;

/// <summary>
/// Chroma's distance spaces. Persisted as these byte values in index files: never renumber.
/// l2 = squared Euclidean; cosine = 1 - cos (vectors normalised at insert); ip = 1 - dot.
/// </summary>
public enum DistanceSpace : byte
{
    L2 = 0,
    Cosine = 1,
    InnerProduct = 2,
}

public static class DistanceSpaceNames
{
    public static string ToWire(this DistanceSpace space) => space switch
    {
        DistanceSpace.L2 => "l2",
        DistanceSpace.Cosine => "cosine",
        DistanceSpace.InnerProduct => "ip",
        _ => throw new ArgumentOutOfRangeException(nameof(space)),
    };

    public static bool TryParse(string? value, out DistanceSpace space)
    {
        switch (value)
        {
            case "l2": space = DistanceSpace.L2; return true;
            case "cosine": space = DistanceSpace.Cosine; return true;
            case "ip": space = DistanceSpace.InnerProduct; return true;
            default: space = default; return false;
        }
    }
}
