using Chroma.Api.Endpoints;
using Chroma.Api.Json;
using Chroma.Api.Validation;
using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Chroma.Api;

public static partial class ChromaApiEndpoints
{
    /// <summary>Tenants, databases and collections (API.md §4–§6).</summary>
    public static IEndpointRouteBuilder MapChromaCatalogApi(this IEndpointRouteBuilder endpoints)
    {
        var logger = CreateLogger(endpoints);
        var catalog = endpoints.ServiceProvider.GetRequiredService<ICatalog>();
        var handlers = new CatalogHandlers(catalog);

        Map(endpoints, logger, HttpMethods.Post, "/api/v2/tenants", handlers.CreateTenantAsync);
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Tenant, handlers.GetTenantAsync);
        Map(endpoints, logger, HttpMethods.Patch, RouteArgs.Tenant, handlers.UpdateTenantAsync);

        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Tenant + "/databases", handlers.ListDatabasesAsync);
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Tenant + "/databases", handlers.CreateDatabaseAsync);
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Database, handlers.GetDatabaseAsync);
        Map(endpoints, logger, HttpMethods.Delete, RouteArgs.Database, handlers.DeleteDatabaseAsync);

        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Collections, handlers.ListCollectionsAsync);
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collections, handlers.CreateCollectionAsync);
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Database + "/collections_count", handlers.CountCollectionsAsync);
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Collection, handlers.GetCollectionAsync);
        Map(endpoints, logger, HttpMethods.Put, RouteArgs.Collection, handlers.UpdateCollectionAsync);
        Map(endpoints, logger, HttpMethods.Delete, RouteArgs.Collection, handlers.DeleteCollectionAsync);
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Collections + "/by-id/{collection}", handlers.GetCollectionByIdAsync);
        Map(endpoints, logger, HttpMethods.Get, "/api/v2/collections/{crn}", handlers.GetCollectionByCrnAsync);

        // Cloud-only collection features: single-node Chroma answers 501 once the collection is found.
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/fork", context =>
            handlers.UnsupportedAsync(context, "Collection forking is unsupported for local chroma"));
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Collection + "/fork_count", context =>
            handlers.UnsupportedAsync(context, "Count forks is unsupported for local chroma"));
        const string functions = "Attached function operations are not supported by single-node Chroma";
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/functions/attach", context => handlers.UnsupportedAsync(context, functions));
        Map(endpoints, logger, HttpMethods.Get, RouteArgs.Collection + "/functions/{function_name}", context => handlers.UnsupportedAsync(context, functions));
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/attached_functions/{function_name}/detach", context => handlers.UnsupportedAsync(context, functions));
        Map(endpoints, logger, HttpMethods.Post, RouteArgs.Collection + "/attached_functions/{function_name}/add_input", context => handlers.UnsupportedAsync(context, functions));
        return endpoints;
    }

    private sealed class CatalogHandlers(ICatalog catalog)
    {
        public async Task CreateTenantAsync(HttpContext context)
        {
            string name;
            using (var body = await RequestBody.ReadAsync(context)) name = CatalogPayloadParser.ParseName(body.Span, "struct CreateTenantPayload");
            NameValidator.ValidateTenantName(name);
            await catalog.CreateTenantAsync(name, CancellationToken.None);
            await JsonResponse.WriteEmptyObjectAsync(context);
        }

        public async Task GetTenantAsync(HttpContext context)
        {
            var tenant = await catalog.GetTenantAsync(RouteArgs.TenantName(context), context.RequestAborted);
            await JsonResponse.WriteAsync(context, 200, tenant, static (writer, t) =>
            {
                writer.WriteStartObject();
                writer.WriteString("name", t.Name);
                if (t.ResourceName is null) writer.WriteNull("resource_name");
                else writer.WriteString("resource_name", t.ResourceName);
                writer.WriteEndObject();
            });
        }

        public async Task UpdateTenantAsync(HttpContext context)
        {
            string resourceName;
            using (var body = await RequestBody.ReadAsync(context)) resourceName = CatalogPayloadParser.ParseResourceName(body.Span);
            await catalog.UpdateTenantAsync(RouteArgs.TenantName(context), resourceName, CancellationToken.None);
            await JsonResponse.WriteEmptyObjectAsync(context);
        }

        public async Task ListDatabasesAsync(HttpContext context)
        {
            int? limit = RouteArgs.QueryUInt(context, "limit");
            int offset = RouteArgs.QueryUInt(context, "offset") ?? 0;
            var databases = await catalog.ListDatabasesAsync(RouteArgs.TenantName(context), limit, offset, context.RequestAborted);
            await JsonResponse.WriteAsync(context, 200, databases, static (writer, list) =>
            {
                writer.WriteStartArray();
                for (int i = 0; i < list.Count; i++) WriteDatabase(writer, list[i]);
                writer.WriteEndArray();
            });
        }

        public async Task CreateDatabaseAsync(HttpContext context)
        {
            string name;
            using (var body = await RequestBody.ReadAsync(context)) name = CatalogPayloadParser.ParseName(body.Span, "struct CreateDatabasePayload");
            NameValidator.ValidateDatabaseName(name);
            await catalog.CreateDatabaseAsync(RouteArgs.TenantName(context), name, CancellationToken.None);
            await JsonResponse.WriteEmptyObjectAsync(context);
        }

        public async Task GetDatabaseAsync(HttpContext context)
        {
            var database = await catalog.GetDatabaseAsync(RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), context.RequestAborted);
            await JsonResponse.WriteAsync(context, 200, database, static (writer, db) => WriteDatabase(writer, db));
        }

        public async Task DeleteDatabaseAsync(HttpContext context)
        {
            await catalog.DeleteDatabaseAsync(RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), CancellationToken.None);
            await JsonResponse.WriteEmptyObjectAsync(context);
        }

        public async Task ListCollectionsAsync(HttpContext context)
        {
            int? limit = RouteArgs.QueryUInt(context, "limit");
            int offset = RouteArgs.QueryUInt(context, "offset") ?? 0;
            var collections = await catalog.ListCollectionsAsync(RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), limit, offset, context.RequestAborted);
            await JsonResponse.WriteAsync(context, 200, collections, static (writer, list) => CollectionJson.WriteList(writer, list));
        }

        public async Task CreateCollectionAsync(HttpContext context)
        {
            CreateCollectionRequest request;
            using (var body = await RequestBody.ReadAsync(context))
                request = CollectionPayloadParser.ParseCreate(body.Span, RouteArgs.TenantName(context), RouteArgs.DatabaseName(context));
            var collection = await catalog.CreateCollectionAsync(request, CancellationToken.None);
            await WriteCollectionAsync(context, collection);
        }

        public async Task CountCollectionsAsync(HttpContext context)
        {
            int count = await catalog.CountCollectionsAsync(RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), context.RequestAborted);
            await JsonResponse.WriteInt64Async(context, count);
        }

        public async Task GetCollectionAsync(HttpContext context)
        {
            var collection = await catalog.GetCollectionAsync(
                RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), RouteArgs.Get(context, "collection"), context.RequestAborted);
            await WriteCollectionAsync(context, collection);
        }

        public async Task GetCollectionByIdAsync(HttpContext context)
        {
            if (!Guid.TryParse(RouteArgs.Get(context, "collection"), out var id))
                ThrowHelper.InvalidArgument("Validation error: collection_id: Invalid collection ID format, expected UUID");
            var collection = await catalog.GetCollectionByIdAsync(id, RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), context.RequestAborted);
            await WriteCollectionAsync(context, collection);
        }

        public Task GetCollectionByCrnAsync(HttpContext context)
        {
            string crn = RouteArgs.Get(context, "crn");
            var parts = crn.Split(':');
            if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
            {
                ThrowHelper.InvalidArgument(
                    "Validation error: crn: CRN must be in the format <tenant_resource_name>:<database_name>:<collection_name> with non-empty parts");
            }

            // Tenant resource names are a Chroma Cloud concept; real single node crashes here (API.md §12).
            throw new ChromaException(ChromaErrorCode.Unimplemented, "Getting a collection by CRN is not supported by single-node Chroma");
        }

        public async Task UpdateCollectionAsync(HttpContext context)
        {
            UpdateCollectionPayload payload;
            using (var body = await RequestBody.ReadAsync(context)) payload = CollectionPayloadParser.ParseUpdate(body.Span);
            var id = RouteArgs.CollectionId(context);
            await catalog.UpdateCollectionAsync(new UpdateCollectionRequest
            {
                Id = id,
                Tenant = RouteArgs.TenantName(context),
                Database = RouteArgs.DatabaseName(context),
                NewName = payload.NewName,
                NewMetadata = payload.NewMetadata,
                NewHnsw = payload.NewHnsw,
                NewEmbeddingFunctionJson = payload.NewEmbeddingFunctionJson,
            }, CancellationToken.None);
            await JsonResponse.WriteEmptyObjectAsync(context);
        }

        public async Task DeleteCollectionAsync(HttpContext context)
        {
            // By name (a UUID here is looked up as a name and not found, as in Chroma).
            await catalog.DeleteCollectionAsync(
                RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), RouteArgs.Get(context, "collection"), CancellationToken.None);
            await JsonResponse.WriteEmptyObjectAsync(context);
        }

        public async Task UnsupportedAsync(HttpContext context, string message)
        {
            var id = RouteArgs.CollectionId(context);
            await catalog.GetCollectionByIdAsync(id, RouteArgs.TenantName(context), RouteArgs.DatabaseName(context), context.RequestAborted);
            throw new ChromaException(ChromaErrorCode.Unimplemented, message);
        }

        private static Task WriteCollectionAsync(HttpContext context, CollectionInfo collection) =>
            JsonResponse.WriteAsync(context, 200, collection, static (writer, c) => CollectionJson.Write(writer, c));

        private static void WriteDatabase(System.Text.Json.Utf8JsonWriter writer, DatabaseInfo database)
        {
            writer.WriteStartObject();
            writer.WriteString("id", database.Id);
            writer.WriteString("name", database.Name);
            writer.WriteString("tenant", database.Tenant);
            writer.WriteEndObject();
        }
    }
}
