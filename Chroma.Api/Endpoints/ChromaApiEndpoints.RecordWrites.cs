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
    /// <summary>add (201), update, upsert, delete (API.md §7).</summary>
    public static IEndpointRouteBuilder MapChromaRecordWriteApi(this IEndpointRouteBuilder endpoints)
    {
        var logger = CreateLogger(endpoints);
        var handlers = new WriteHandlers(
            endpoints.ServiceProvider.GetRequiredService<ICatalog>(),
            endpoints.ServiceProvider.GetRequiredService<IRecordWriter>());

        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/add", context => handlers.WriteAsync(context, OperationKind.Add));
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/update", context => handlers.WriteAsync(context, OperationKind.Update));
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/upsert", context => handlers.WriteAsync(context, OperationKind.Upsert));
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/delete", handlers.DeleteAsync);
        return endpoints;
    }

    /// <summary>
    /// Order of checks follows Chroma: body shape, then the collection id, then stateless
    /// validation (inside the parser), then the collection lookup, then the engine. Writes run
    /// without the request's cancellation: once started, a write finishes and is durable even if
    /// the client hangs up, so the client's retry sees a definite state.
    /// </summary>
    private sealed class WriteHandlers(ICatalog catalog, IRecordWriter writer)
    {
        public async Task WriteAsync(HttpContext context, OperationKind kind)
        {
            RecordBatch batch;
            using (var body = await RequestBody.ReadAsync(context)) batch = WriteRecordsParser.Parse(body.Span, kind);
            var collection = await ResolveAsync(context);

            switch (kind)
            {
                case OperationKind.Add:
                    await writer.AddAsync(collection, batch, CancellationToken.None);
                    await JsonResponse.WriteEmptyObjectAsync(context, StatusCodes.Status201Created);
                    return;
                case OperationKind.Update:
                    await writer.UpdateAsync(collection, batch, CancellationToken.None);
                    break;
                default:
                    await writer.UpsertAsync(collection, batch, CancellationToken.None);
                    break;
            }

            await JsonResponse.WriteEmptyObjectAsync(context);
        }

        public async Task DeleteAsync(HttpContext context)
        {
            DeletePayload payload;
            using (var body = await RequestBody.ReadAsync(context)) payload = ReadRecordsParser.ParseDelete(body.Span);
            var id = RouteArgs.CollectionId(context);

            var where = FilterParsing.ParseWhere(payload.Where);
            var whereDocument = FilterParsing.ParseWhereDocument(payload.WhereDocument);
            bool hasWhere = where is not null || whereDocument is not null;
            if (payload.Limit is not null && !hasWhere)
                ThrowHelper.InvalidArgument("Validation error: limit, where: limit can only be specified when a where clause is provided");
            if (payload.Ids is { Length: 0 } && !hasWhere)
                ThrowHelper.InvalidArgument("Validation error: ids, where: Either ids or where must be specified");

            var collection = await catalog.GetCollectionByIdAsync(id, RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), context.RequestAborted);

            int deleted = await writer.DeleteAsync(collection, new DeleteRequest
            {
                Ids = payload.Ids,
                Where = where,
                WhereDocument = whereDocument,
                Limit = payload.Limit is long limit ? (int)Math.Min(limit, int.MaxValue) : null,
            }, CancellationToken.None);
            await JsonResponse.WriteAsync(context, 200, deleted, static (w, count) =>
            {
                w.WriteStartObject();
                w.WriteNumber("deleted", count);
                w.WriteEndObject();
            });
        }

        private ValueTask<CollectionInfo> ResolveAsync(HttpContext context)
        {
            var id = RouteArgs.CollectionId(context);
            return catalog.GetCollectionByIdAsync(id, RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), context.RequestAborted);
        }
    }
}
