using Chroma.Api.Endpoints;
using Chroma.Api.Json;
using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Chroma.Core.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Chroma.Api;

public static partial class ChromaApiEndpoints
{
    /// <summary>get, query, count, indexing_status, and search (501 on single node) (API.md §8, §10).</summary>
    public static IEndpointRouteBuilder MapChromaRecordReadApi(this IEndpointRouteBuilder endpoints)
    {
        var logger = CreateLogger(endpoints);
        var handlers = new ReadHandlers(
            endpoints.ServiceProvider.GetRequiredService<ICatalog>(),
            endpoints.ServiceProvider.GetRequiredService<IRecordReader>());

        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/get", handlers.GetAsync);
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/query", handlers.QueryAsync);
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Collection + "/count", handlers.CountAsync);
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Collection + "/indexing_status", handlers.IndexingStatusAsync);
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/search", handlers.SearchAsync);
        return endpoints;
    }

    private sealed class ReadHandlers(ICatalog catalog, IRecordReader reader)
    {
        public async Task GetAsync(HttpContext context)
        {
            GetPayload payload;
            using (var body = await RequestBody.ReadAsync(context)) payload = ReadRecordsParser.ParseGet(body.Span);
            var id = RouteArgs.CollectionId(context);
            var request = new GetRequest
            {
                Ids = payload.Ids,
                Where = FilterParsing.ParseWhere(payload.Where),
                WhereDocument = FilterParsing.ParseWhereDocument(payload.WhereDocument),
                Limit = payload.Limit is long limit ? (int)Math.Min(limit, int.MaxValue) : null,
                Offset = (int)Math.Min(payload.Offset ?? 0, int.MaxValue),
                Include = payload.Include.Flags,
            };
            var collection = await ResolveAsync(context, id);
            var result = await reader.GetAsync(collection, request, context.RequestAborted);
            await JsonResponse.WriteAsync(context, 200, (result, payload.Include), static (writer, state) =>
                RecordJson.WriteGet(writer, state.result, state.Include));
        }

        public async Task QueryAsync(HttpContext context)
        {
            QueryPayload payload;
            using (var body = await RequestBody.ReadAsync(context)) payload = ReadRecordsParser.ParseQuery(body.Span);
            var id = RouteArgs.CollectionId(context);
            var request = new QueryRequest
            {
                QueryEmbeddings = payload.QueryEmbeddings,
                NResults = (int)Math.Min(payload.NResults, int.MaxValue),
                Ids = payload.Ids,
                Where = FilterParsing.ParseWhere(payload.Where),
                WhereDocument = FilterParsing.ParseWhereDocument(payload.WhereDocument),
                Include = payload.Include.Flags,
            };
            var collection = await ResolveAsync(context, id);

            // No query vectors: every top-level list is empty (observed); nothing to ask the engine.
            var result = payload.QueryEmbeddings.Length == 0
                ? new QueryResult { Results = [], Distances = [] }
                : await reader.QueryAsync(collection, request, context.RequestAborted);
            await JsonResponse.WriteAsync(context, 200, (result, payload.Include), static (writer, state) =>
                RecordJson.WriteQuery(writer, state.result, state.Include));
        }

        public async Task CountAsync(HttpContext context)
        {
            // read_level is accepted and ignored: single node always reads index + WAL.
            var collection = await ResolveAsync(context, RouteArgs.CollectionId(context));
            int count = await reader.CountAsync(collection, context.RequestAborted);
            await JsonResponse.WriteInt64Async(context, count);
        }

        public async Task IndexingStatusAsync(HttpContext context)
        {
            var collection = await ResolveAsync(context, RouteArgs.CollectionId(context));
            var status = await reader.GetIndexingStatusAsync(collection, context.RequestAborted);
            await JsonResponse.WriteAsync(context, 200, status, static (writer, s) => RecordJson.WriteIndexingStatus(writer, s));
        }

        public async Task SearchAsync(HttpContext context)
        {
            using (var body = await RequestBody.ReadAsync(context)) JsonSyntax.Check(body.Span);
            await ResolveAsync(context, RouteArgs.CollectionId(context));
            throw new ChromaException(ChromaErrorCode.Unimplemented,
                "Error executing plan: Not implemented: Search operation is not implemented for local executor");
        }

        private ValueTask<CollectionInfo> ResolveAsync(HttpContext context, Guid id) =>
            catalog.GetCollectionByIdAsync(id, RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), context.RequestAborted);
    }
}
