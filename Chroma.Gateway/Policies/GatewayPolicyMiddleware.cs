using Chroma.Api.Policies;
using Chroma.Core.Catalog;
using Chroma.Core.Catalog.Keys;
using Chroma.Core.Memory;
using Chroma.Core.Model;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Chroma.Gateway.Policies;

/// <summary>
/// The gateway's policies, in one pass before any Chroma route runs (in process in single node,
/// before YARP in distributed mode):
/// <code>
/// classify (method + path) → open route? pass
///   → authenticate (401) → authorize the path's tenant/database/role (403)
///   → rate limit per key and per tenant (429 + Retry-After)
///   → identity / key management answered here
///   → content type (415) → body size (413) → UTF-8, JSON depth, stateless quotas (400/422)
///   → next, with the validated body buffered
/// </code>
/// Authorization uses the path only, before anything is looked up, so a 403 says nothing about
/// whether the resource exists. The collection-by-id routes carry tenant and database in the path
/// and the engine checks the collection belongs to them.
/// </summary>
public sealed partial class GatewayPolicyMiddleware
{

    private readonly RequestDelegate _next;
    private readonly GatewayPolicyOptions _options;
    private readonly ApiKeyAuthenticator? _authenticator;
    private readonly GatewayRateLimiter? _limiter;
    private readonly TimeProvider _time;

    public GatewayPolicyMiddleware(RequestDelegate next, GatewayPolicyOptions options, IServiceProvider services)
    {
        _next = next;
        _options = options;
        _authenticator = services.GetService<ApiKeyAuthenticator>();
        _limiter = services.GetService<GatewayRateLimiter>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (options.Auth.Enabled && _authenticator is null)
            throw new InvalidOperationException("Auth is enabled but no key store was registered (AddChromaGatewayPolicies).");
    }

    public async Task InvokeAsync(HttpContext context)
    {
        RequiredAccess access = RouteClassifier.Classify(context.Request.Method, context.Request.Path.Value ?? "/");
        if (access.Kind == AccessKind.Open)
        {
            await _next(context);
            return;
        }

        ApiKeyRecord? key = null;
        if (_options.Auth.Enabled)
        {
            string? token = ReadToken(context.Request);
            if (token is null)
            {
                await PolicyResponses.WriteErrorAsync(context, ChromaErrorCode.Unauthenticated,
                    "Unauthorized: send an API key in the x-chroma-token header or as Authorization: Bearer <token>");
                return;
            }

            key = await _authenticator!.AuthenticateAsync(token, context.RequestAborted);
            if (key is null)
            {
                await PolicyResponses.WriteErrorAsync(context, ChromaErrorCode.Unauthenticated, "Unauthorized: the API key is not valid");
                return;
            }

            if (!AccessDecision.IsAllowed(key, access))
            {
                await PolicyResponses.WriteErrorAsync(context, ChromaErrorCode.PermissionDenied,
                    $"Forbidden: API key {key.KeyId} ({ApiKeyScope.FormatRole(key.Role)}, tenant {key.Tenant}) may not {context.Request.Method} {context.Request.Path}");
                return;
            }
        }

        string tenant = access.Tenant ?? (key is { CoversAllTenants: false } ? key.Tenant : CatalogDefaults.Tenant);
        if (_limiter is not null)
        {
            string partition = key?.KeyId ?? "addr:" + context.Connection.RemoteIpAddress;
            if (_limiter.TryAcquire(tenant, partition) is TimeSpan retryAfter)
            {
                await PolicyResponses.TooManyRequestsAsync(context, retryAfter);
                return;
            }
        }

        if (key is not null && access.Kind == AccessKind.Identity)
        {
            await WriteIdentityAsync(context, key);
            return;
        }

        if (access.Kind == AccessKind.AdminKeys)
        {
            await HandleKeysAsync(context, key);
            return;
        }

        await ValidateBodyThenNextAsync(context, access, tenant);
    }

    private async Task ValidateBodyThenNextAsync(HttpContext context, RequiredAccess access, string tenant)
    {
        HttpRequest request = context.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method) && !HttpMethods.IsPatch(request.Method)
            && request.ContentLength is null or 0)
        {
            await _next(context);
            return;
        }

        if (!IsJsonOrNone(request.ContentType))
        {
            await PolicyResponses.WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "ChromaError",
                $"Unsupported content type '{request.ContentType}': send application/json");
            return;
        }

        TenantQuota quota = _options.Quotas.For(tenant);
        (byte[]? buffer, int length) = await ReadBodyAsync(context, quota.MaxRequestBodyBytes);
        if (buffer is null) return; // answered (413 or the client went away)
        try
        {
            EdgeValidator.Validate(buffer.AsSpan(0, length), access.Body, _options.Quotas, quota);
            // Publicly visible: the API parses this buffer in place instead of copying it (RequestBody).
            request.Body = new MemoryStream(buffer, 0, length, writable: false, publiclyVisible: true);
            request.Headers.Remove(HeaderNames.TransferEncoding);
            request.ContentLength = length;
        }
        catch (ChromaException exception)
        {
            BufferPool<byte>.Return(buffer);
            await PolicyResponses.WriteErrorAsync(context, exception);
            return;
        }

        try
        {
            await _next(context);
        }
        finally
        {
            BufferPool<byte>.Return(buffer);
        }
    }

    /// <summary>The whole body, or null after answering 413 (or when the client went away).</summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpContext context, long limit)
    {
        HttpRequest request = context.Request;
        if (request.ContentLength > limit)
        {
            await TooLargeAsync(context, request.ContentLength.Value, limit);
            return (null, 0);
        }

        // Kestrel's own limit is the largest of all tenants; this request's may be lower.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;

        try
        {
            var body = await PooledStreamReader.ReadToEndAsync(request.Body, request.ContentLength, limit, context.RequestAborted);
            if (body is { } read) return read;
            await TooLargeAsync(context, null, limit);
            return (null, 0);
        }
        catch (BadHttpRequestException exception)
        {
            if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge) await TooLargeAsync(context, null, limit);
            else await PolicyResponses.WriteErrorAsync(context, exception.StatusCode, "ChromaError", exception.Message);
            return (null, 0);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return (null, 0);
        }
    }

    private static Task TooLargeAsync(HttpContext context, long? size, long limit)
    {
        // The rest of the body is never read, so the connection cannot carry another request:
        // say so, or a client reusing it would see its next request cut off.
        context.Response.Headers.Connection = "close";
        return PolicyResponses.WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "ChromaError",
            $"Quota exceeded: request body bytes is {limit}{(size is null ? "" : $", got {size}")}");
    }

    private static bool IsJsonOrNone(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return true; // Chroma treats no Content-Type as JSON
        if (!MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media)) return false;
        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>x-chroma-token: T</c>, else <c>Authorization: Bearer T</c>; null when absent or not printable ASCII.</summary>
    internal static string? ReadToken(HttpRequest request)
    {
        string? token = null;
        if (request.Headers.TryGetValue("x-chroma-token", out var chromaToken) && chromaToken.Count == 1)
        {
            token = chromaToken[0]?.Trim();
        }
        else if (request.Headers.TryGetValue(HeaderNames.Authorization, out var authorization) && authorization.Count == 1)
        {
            string? value = authorization[0];
            if (value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = value[7..].Trim();
        }

        return token is not null && ApiKeyScope.IsValidToken(token) ? token : null;
    }
}
