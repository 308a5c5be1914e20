using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Chroma.Core.Model;
using Chroma.Distributed.Conversion;
using Grpc.Core;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Server;

/// <summary>
/// The query executor over the host's <see cref="IRecordReader"/>. A plan names its collection
/// by id; the collection is resolved in the catalog here (not trusted from the caller), so the
/// read uses the current dimension, configuration and index version, and an unknown or
/// foreign collection is NotFound with the catalog's message.
/// </summary>
public sealed class QueryGrpcService : P.QueryExecutor.QueryExecutorBase
{
    private readonly ICatalog _catalog;
    private readonly IRecordReader _reader;

    public QueryGrpcService(ICatalog catalog, IRecordReader reader)
    {
        _catalog = catalog;
        _reader = reader;
    }

    public override async Task<P.CountResponse> Count(P.CountRequest request, ServerCallContext context)
    {
        CollectionInfo collection = await ResolveAsync(request.Collection, context.CancellationToken).ConfigureAwait(false);
        return new P.CountResponse { Count = await _reader.CountAsync(collection, context.CancellationToken).ConfigureAwait(false) };
    }

    public override async Task<P.GetResult> Get(P.GetPlan request, ServerCallContext context)
    {
        CollectionInfo collection = await ResolveAsync(request.Collection, context.CancellationToken).ConfigureAwait(false);
        GetRequest get = ReadConversions.FromProto(request.Request ?? new P.GetRequest());
        GetResult result = await _reader.GetAsync(collection, get, context.CancellationToken).ConfigureAwait(false);
        return RecordConversions.ToProto(result);
    }

    public override async Task<P.QueryResult> Knn(P.KnnPlan request, ServerCallContext context)
    {
        CollectionInfo collection = await ResolveAsync(request.Collection, context.CancellationToken).ConfigureAwait(false);
        QueryRequest query = ReadConversions.FromProto(request.Request ?? new P.QueryRequest());
        QueryResult result = await _reader.QueryAsync(collection, query, context.CancellationToken).ConfigureAwait(false);
        return ReadConversions.ToProto(result);
    }

    public override async Task<P.IndexingStatus> GetIndexingStatus(P.IndexingStatusRequest request, ServerCallContext context)
    {
        CollectionInfo collection = await ResolveAsync(request.Collection, context.CancellationToken).ConfigureAwait(false);
        return ReadConversions.ToProto(await _reader.GetIndexingStatusAsync(collection, context.CancellationToken).ConfigureAwait(false));
    }

    private ValueTask<CollectionInfo> ResolveAsync(P.CollectionRef? reference, CancellationToken ct)
    {
        if (reference is null) ThrowHelper.InvalidArgument("The plan names no collection.");
        Guid id = IdConversions.FromProto(reference.CollectionId);
        return _catalog.GetCollectionByIdAsync(id, reference.HasTenant ? reference.Tenant : null, reference.HasDatabase ? reference.Database : null, ct);
    }
}
