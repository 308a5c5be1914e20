namespace Chroma.Core.Model;

/// <summary>A write operation. Persisted as these byte values in log records: never renumber.</summary>
public enum OperationKind : byte
{
    Add = 1,
    Update = 2,
    Upsert = 3,
    Delete = 4,
}
