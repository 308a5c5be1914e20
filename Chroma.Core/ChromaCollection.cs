using Chroma.Core.Filtering;
using Chroma.Core.Model;

namespace Chroma.Core;

/// <summary>
/// A collection handle for embedded use: the same operations as Chroma's clients, in process.
/// Thread-safe; every call goes through the engine's writer and reader.
/// </summary>
public sealed class ChromaCollection
{
    private readonly ChromaEngine _engine;
    private CollectionInfo _info;

    internal ChromaCollection(ChromaEngine engine, CollectionInfo info)
    {
        _engine = engine;
        _info = info;
    }

    public Guid Id => _info.Id;
    public string Name => _info.Name;
    public CollectionInfo Info => _info;

    public ValueTask AddAsync(string[] ids, float[][] embeddings, string?[]? documents = null,
        Dictionary<string, MetadataValue>?[]? metadatas = null, string?[]? uris = null, CancellationToken ct = default) =>
        _engine.Writer.AddAsync(_info, new RecordBatch(ids, embeddings, documents, uris, metadatas), ct);

    public ValueTask UpsertAsync(string[] ids, float[][] embeddings, string?[]? documents = null,
        Dictionary<string, MetadataValue>?[]? metadatas = null, string?[]? uris = null, CancellationToken ct = default) =>
        _engine.Writer.UpsertAsync(_info, new RecordBatch(ids, embeddings, documents, uris, metadatas), ct);

    /// <summary>Null arrays or elements keep the stored value; a null metadata value deletes the key.</summary>
    public ValueTask UpdateAsync(string[] ids, float[]?[]? embeddings = null, string?[]? documents = null,
        Dictionary<string, MetadataValue>?[]? metadatas = null, string?[]? uris = null, CancellationToken ct = default) =>
        _engine.Writer.UpdateAsync(_info, new RecordBatch(ids, embeddings, documents, uris, metadatas), ct);

    public async ValueTask<QueryResult> QueryAsync(float[][] queryEmbeddings, int nResults = 10, WhereClause? where = null,
        WhereDocumentClause? whereDocument = null, Include include = Include.QueryDefault, CancellationToken ct = default) =>
        await _engine.Reader.QueryAsync(await FreshAsync(ct).ConfigureAwait(false), new QueryRequest
        {
            QueryEmbeddings = queryEmbeddings,
            NResults = nResults,
            Where = where,
            WhereDocument = whereDocument,
            Include = include,
        }, ct).ConfigureAwait(false);

    public ValueTask<GetResult> GetAsync(string[]? ids = null, WhereClause? where = null, WhereDocumentClause? whereDocument = null,
        int? limit = null, int offset = 0, Include include = Include.GetDefault, CancellationToken ct = default) =>
        _engine.Reader.GetAsync(_info, new GetRequest
        {
            Ids = ids,
            Where = where,
            WhereDocument = whereDocument,
            Limit = limit,
            Offset = offset,
            Include = include,
        }, ct);

    /// <summary>Deletes by ids and/or filters; returns how many were deleted (with ids only: how many ids were given).</summary>
    public ValueTask<int> DeleteAsync(string[]? ids = null, WhereClause? where = null, WhereDocumentClause? whereDocument = null, CancellationToken ct = default) =>
        _engine.Writer.DeleteAsync(_info, new DeleteRequest { Ids = ids, Where = where, WhereDocument = whereDocument }, ct);

    public ValueTask<int> CountAsync(CancellationToken ct = default) => _engine.Reader.CountAsync(_info, ct);

    private async ValueTask<CollectionInfo> FreshAsync(CancellationToken ct)
    {
        // The dimension is fixed by the first write after this handle was made: pick it up once.
        if (_info.Dimension is null)
            _info = await _engine.Catalog.GetCollectionByIdAsync(_info.Id, ct: ct).ConfigureAwait(false);
        return _info;
    }
}
