namespace Chroma.Core.Model;

/// <summary>
/// Columnar records of one write, as Chroma's API sends them. Every non-null column has
/// <see cref="Count"/> entries (validated at the API edge and again by the writer).
/// <para>Null semantics, shared by the log and the materializer:</para>
/// <list type="bullet">
/// <item>a null column means "not sent": add stores nothing, update/upsert keep the old value;</item>
/// <item>a null element likewise: add stores nothing, update/upsert keep the old value;</item>
/// <item>a metadata value of kind <see cref="MetadataValueKind.Null"/> deletes that key on update/upsert.</item>
/// </list>
/// A delete carries only <see cref="Ids"/>.
/// </summary>
public sealed class RecordBatch
{
    public RecordBatch(
        string[] ids,
        float[]?[]? embeddings = null,
        string?[]? documents = null,
        string?[]? uris = null,
        Dictionary<string, MetadataValue>?[]? metadatas = null)
    {
        Ids = ids;
        Embeddings = embeddings;
        Documents = documents;
        Uris = uris;
        Metadatas = metadatas;
    }

    public string[] Ids { get; }
    public float[]?[]? Embeddings { get; }
    public string?[]? Documents { get; }
    public string?[]? Uris { get; }
    public Dictionary<string, MetadataValue>?[]? Metadatas { get; }

    public int Count => Ids.Length;
}
