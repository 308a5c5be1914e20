using System.Globalization;
using Chroma.Core.Model;
using Microsoft.AspNetCore.Http;

namespace Chroma.Api.Endpoints;

/// <summary>Route and query-string values, validated with Chroma's messages.</summary>
internal static class RouteArgs
{
    public const string Tenant = "/api/v2/tenants/{tenant}";
    public const string Database = Tenant + "/databases/{database}";
    public const string Collections = Database + "/collections";
    public const string Collection = Collections + "/{collection}";

    public static string Get(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    public static string TenantName(HttpContext context) => Get(context, "tenant");

    public static string DatabaseName(HttpContext context) => Get(context, "database");

    /// <summary>The <c>{collection}</c> segment as a UUID (record and modify routes).</summary>
    public static Guid CollectionId(HttpContext context)
    {
        if (!Guid.TryParse(Get(context, "collection"), out var id))
            ThrowHelper.InvalidArgument("Collection ID is not a valid UUIDv4");
        return id;
    }

    /// <summary>
    /// An optional unsigned <c>limit</c>/<c>offset</c> query parameter. A bad value is the client's
    /// mistake (400), as axum's query rejection is.
    /// </summary>
    public static int? QueryUInt(HttpContext context, string name)
    {
        if (!context.Request.Query.TryGetValue(name, out var values) || values.Count == 0) return null;
        string? raw = values[0];
        if (string.IsNullOrEmpty(raw)) return null;
        if (!uint.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
            ThrowHelper.InvalidArgument($"Failed to deserialize query string: {name}: invalid digit found in string");
        return (int)Math.Min(value, int.MaxValue);
    }
}
