using Chroma.Core.Model;

namespace Chroma.Core.Index.Hnsw;

/// <summary>
/// Our own HNSW graph (after hnswlib). Labels are dense ints 0..Count-1 in insertion order.
/// Stored vectors are the originals (Get returns them bit-exact); cosine uses inverse norms
/// kept beside them. (Index/Hnsw module.)
/// </summary>
public sealed partial class HnswIndex
{
    public HnswIndex(int dimension, DistanceSpace space, int maxNeighbors = 16, int efConstruction = 100, int initialCapacity = 1024, int seed = 100)
    {
        throw new NotImplementedException("Index/Hnsw module");
    }
}
