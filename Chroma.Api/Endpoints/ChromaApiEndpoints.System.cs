using Chroma.Api.Json;
using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Chroma.Api;

public static partial class ChromaApiEndpoints
{
    private static readonly byte[] Version = "\"1.0.0\""u8.ToArray();
    private static readonly byte[] Healthy = "{\"is_executor_ready\":true,\"is_log_client_ready\":true}"u8.ToArray();
    private static readonly byte[] DefaultIdentity = "{\"user_id\":\"\",\"tenant\":\"default_tenant\",\"databases\":[\"default_database\"]}"u8.ToArray();

    /// <summary>heartbeat, version, pre-flight-checks, healthcheck, auth/identity, reset.</summary>
    public static IEndpointRouteBuilder MapChromaSystemApi(this IEndpointRouteBuilder endpoints)
    {
        var logger = CreateLogger(endpoints);
        var options = Options(endpoints);
        var services = endpoints.ServiceProvider;

        Map(endpoints, logger, HttpMethods.Get, "/api/v2", Heartbeat);
        Map(endpoints, logger, HttpMethods.Get, "/api/v2/heartbeat", Heartbeat);
        Map(endpoints, logger, HttpMethods.Get, "/api/v2/version", static context => JsonResponse.WriteBytesAsync(context, 200, Version));
        Map(endpoints, logger, HttpMethods.Get, "/api/v2/healthcheck", static context => JsonResponse.WriteBytesAsync(context, 200, Healthy));
        Map(endpoints, logger, HttpMethods.Get, "/api/v2/auth/identity", static context => JsonResponse.WriteBytesAsync(context, 200, DefaultIdentity));
        Map(endpoints, logger, HttpMethods.Get, "/api/v2/pre-flight-checks", context =>
            JsonResponse.WriteAsync(context, 200, options.MaxBatchSize, static (writer, maxBatchSize) =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("max_batch_size", maxBatchSize);
                writer.WriteBoolean("supports_base64_encoding", true);
                writer.WriteEndObject();
            }));
        Map(endpoints, logger, HttpMethods.Post, "/api/v2/reset", async context =>
        {
            if (!options.AllowReset)
                throw new ChromaException(ChromaErrorCode.PermissionDenied, "Reset is disabled by config");

            // Resolved on use so a host without a catalog can still serve the other system routes.
            await services.GetRequiredService<ICatalog>().ResetAsync(CancellationToken.None);
            await JsonResponse.WriteTrueAsync(context);
        });
        return endpoints;
    }

    private static Task Heartbeat(HttpContext context)
    {
        // Nanoseconds since the Unix epoch, as a u64 (Chroma's heartbeat).
        long nanos = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        return JsonResponse.WriteAsync(context, 200, nanos, static (writer, value) =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("nanosecond heartbeat", value);
            writer.WriteEndObject();
        });
    }
}
