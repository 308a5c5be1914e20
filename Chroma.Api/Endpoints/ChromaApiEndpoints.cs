using Chroma.Api.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chroma.Api;

/// <summary>
/// Chroma's HTTP API v2 as endpoint groups over the engine's interfaces (API.md §4). Handlers are
/// plain request delegates over services resolved once at mapping time: no model binding, no
/// per-request reflection. Unknown routes answer 404 and wrong methods 405, both with empty bodies,
/// which is what endpoint routing does on its own.
/// </summary>
public static partial class ChromaApiEndpoints
{
    /// <summary>Every Chroma route: system, catalog, record writes, record reads, the v1 tombstone and /openapi.json.</summary>
    public static IEndpointRouteBuilder MapChromaApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapChromaSystemApi();
        endpoints.MapChromaCatalogApi();
        endpoints.MapChromaRecordWriteApi();
        endpoints.MapChromaRecordReadApi();
        endpoints.MapChromaMetaApi();
        return endpoints;
    }

    /// <summary>
    /// The routes outside the four groups: the v1 tombstone and /openapi.json. A distributed deployment
    /// maps them on the service that receives unclaimed paths (the SysDb).
    /// </summary>
    public static IEndpointRouteBuilder MapChromaMetaApi(this IEndpointRouteBuilder endpoints)
    {
        var logger = CreateLogger(endpoints);
        // 410 Gone with Chroma's "Unimplemented" body: the one error whose status is not derived from a code.
        endpoints.Map("/api/v1/{**rest}", context =>
            ChromaEndpoint.WriteErrorAsync(context, logger, StatusCodes.Status410Gone, "Unimplemented", "The v1 API is deprecated. Please use /v2 apis"))
            .WithDisplayName("Chroma v1 (gone)");
        Map(endpoints, logger, HttpMethods.Get, "/openapi.json", OpenApiDocument.WriteAsync);
        return endpoints;
    }

    private static void Map(IEndpointRouteBuilder endpoints, ILogger logger, string method, string pattern, Func<HttpContext, Task> handler) =>
        endpoints.MapMethods(pattern, [method], ChromaEndpoint.Wrap(handler, logger));

    private static ILogger CreateLogger(IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Chroma.Api");

    private static ChromaApiOptions Options(IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetService<ChromaApiOptions>() ?? new ChromaApiOptions();
}
