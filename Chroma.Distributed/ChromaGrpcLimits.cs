namespace Chroma.Distributed;

/// <summary>Limits shared by the servers and the clients, so both ends agree.</summary>
public static class ChromaGrpcLimits
{
    /// <summary>
    /// Largest message either way: a pulled log page or a get of many embeddings can pass
    /// gRPC's 4 MB default. 256 MB leaves room while still bounding one message's memory.
    /// </summary>
    public const int MaxMessageBytes = 256 * 1024 * 1024;
}
