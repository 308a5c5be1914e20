using Chroma.Core.Execution;
using Chroma.Core.Model;
using Chroma.Distributed.Conversion;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Client;

/// <summary>
/// <see cref="IRecordReader"/> over a Query node's executor. Only the collection's id (and its
/// tenant/database) travel: the Query node resolves the collection itself, so it reads with the
/// catalog's current state rather than the caller's copy.
/// </summary>
public sealed class GrpcRecordReaderClient : IRecordReader
{
    private readonly P.QueryExecutor.QueryExecutorClient _client;

    public GrpcRecordReaderClient(P.QueryExecutor.QueryExecutorClient client) => _client = client;

    public async ValueTask<GetResult> GetAsync(CollectionInfo collection, GetRequest request, CancellationToken ct = default)
    {
        var plan = new P.GetPlan { Collection = ToReference(collection), Request = ReadConversions.ToProto(request) };
        return RecordConversions.FromProto(await GrpcCalls.UnaryAsync(_client.GetAsync(plan, cancellationToken: ct)).ConfigureAwait(false));
    }

    public async ValueTask<QueryResult> QueryAsync(CollectionInfo collection, QueryRequest request, CancellationToken ct = default)
    {
        var plan = new P.KnnPlan { Collection = ToReference(collection), Request = ReadConversions.ToProto(request) };
        return ReadConversions.FromProto(await GrpcCalls.UnaryAsync(_client.KnnAsync(plan, cancellationToken: ct)).ConfigureAwait(false));
    }

    public async ValueTask<int> CountAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        var request = new P.CountRequest { Collection = ToReference(collection) };
        return (await GrpcCalls.UnaryAsync(_client.CountAsync(request, cancellationToken: ct)).ConfigureAwait(false)).Count;
    }

    public async ValueTask<IndexingStatus> GetIndexingStatusAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        var request = new P.IndexingStatusRequest { Collection = ToReference(collection) };
        return ReadConversions.FromProto(await GrpcCalls.UnaryAsync(_client.GetIndexingStatusAsync(request, cancellationToken: ct)).ConfigureAwait(false));
    }

    private static P.CollectionRef ToReference(CollectionInfo collection) => new()
    {
        CollectionId = IdConversions.ToProto(collection.Id),
        Tenant = collection.Tenant,
        Database = collection.Database,
    };
}
