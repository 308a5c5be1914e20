namespace Chroma.Core.Model;

/// <summary>
/// The type tag of a metadata value. Persisted as these byte values in log records and
/// index files: never renumber, only append.
/// </summary>
public enum MetadataValueKind : byte
{
    /// <summary>Only in update/upsert metadata: deletes the key.</summary>
    Null = 0,
    String = 1,
    Int = 2,
    Float = 3,
    Bool = 4,
    StringArray = 5,
    IntArray = 6,
    FloatArray = 7,
    BoolArray = 8,
    SparseVector = 9,
}
