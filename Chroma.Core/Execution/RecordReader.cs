using Chroma.Core.Execution.Operators;
using Chroma.Core.Filtering;
using Chroma.Core.Log;
using Chroma.Core.Model;
using FilterOperator = Chroma.Core.Execution.Operators.FilterOperator;

namespace Chroma.Core.Execution;

/// <summary>
/// The query executor of the local modes: every read runs over the latest index version plus
/// the log tail (FetchLog), so it sees every acknowledged write.
/// <code>
/// get:   FetchLog -> Filter -> Limit (insertion order) -> Projection
/// query: FetchLog -> Filter -> KnnHnsw + KnnLog -> KnnMerge -> Projection   (per query vector)
/// </code>
/// </summary>
public sealed class RecordReader : IRecordReader
{
    private readonly CollectionViewCache _views;
    private readonly IWriteAheadLog _log;

    public RecordReader(CollectionViewCache views, IWriteAheadLog log)
    {
        _views = views;
        _log = log;
    }

    public async ValueTask<GetResult> GetAsync(CollectionInfo collection, GetRequest request, CancellationToken ct = default)
    {
        CollectionView view = await _views.GetViewAsync(collection, ct).ConfigureAwait(false);
        RecordFilter? filter = RecordFilter.Create(request.Where, request.WhereDocument);
        FilterOutput filtered = FilterOperator.Execute(view, request.Ids, filter);
        List<RowRef> rows = LimitOperator.Execute(view, filtered, request.Offset, request.Limit);
        return ProjectionOperator.Execute(view.Segment, rows, request.Include);
    }

    public async ValueTask<QueryResult> QueryAsync(CollectionInfo collection, QueryRequest request, CancellationToken ct = default)
    {
        CollectionView view = await _views.GetViewAsync(collection, ct).ConfigureAwait(false);
        // The caller's CollectionInfo may predate the first write; the data knows the dimension too.
        int? dimension = collection.Dimension ?? view.Segment.Index?.Dimension
            ?? (view.TailLive.Length > 0 ? view.TailLive[0].Embedding.Length : null);
        foreach (float[] query in request.QueryEmbeddings)
        {
            if (dimension is int d && query.Length != d) ThrowHelper.DimensionMismatch(d, query.Length);
        }

        RecordFilter? filter = RecordFilter.Create(request.Where, request.WhereDocument);
        FilterOutput filtered = FilterOperator.Execute(view, request.Ids, filter);
        HnswConfiguration hnsw = collection.Configuration.Hnsw;

        int n = request.QueryEmbeddings.Length;
        var results = new GetResult[n];
        float[][]? distances = request.Include.HasFlag(Include.Distances) ? new float[n][] : null;
        for (int q = 0; q < n; q++)
        {
            var hits = KnnOperator.Execute(view, filtered, request.QueryEmbeddings[q], request.NResults, hnsw.EfSearch, hnsw.Space);
            var rows = new List<RowRef>(hits.Count);
            var hitDistances = new float[hits.Count];
            for (int i = 0; i < hits.Count; i++)
            {
                rows.Add(hits[i].Row);
                hitDistances[i] = hits[i].Distance;
            }

            results[q] = ProjectionOperator.Execute(view.Segment, rows, request.Include);
            if (distances is not null) distances[q] = hitDistances;
        }

        return new QueryResult { Results = results, Distances = distances };
    }

    public async ValueTask<int> CountAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        CollectionView view = await _views.GetViewAsync(collection, ct).ConfigureAwait(false);
        return view.Count;
    }

    public async ValueTask<IndexingStatus> GetIndexingStatusAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        // Offsets are dense, one per record operation: the version covers ops 1..LogPosition.
        long total = await _log.ScoutAsync(collection.Id, ct).ConfigureAwait(false);
        long indexed = (await _views.GetSegmentAsync(collection, ct).ConfigureAwait(false)).LogPosition;
        return new IndexingStatus(Math.Min(indexed, total), Math.Max(0, total - indexed), total);
    }
}
