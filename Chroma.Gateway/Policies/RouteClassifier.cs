using Chroma.Core.Catalog.Keys;

namespace Chroma.Gateway.Policies;

/// <summary>
/// Maps a request to the access it needs, from the path only (API.md §4), so a scope check never
/// depends on whether the resource exists. Literal segments compare case-insensitively and empty
/// segments are skipped because ASP.NET Core routing and YARP match that way: a path that reaches
/// an endpoint must be classified as that endpoint, or a scope check could be sidestepped.
/// </summary>
internal static class RouteClassifier
{
    public static RequiredAccess Classify(string method, string path)
    {
        if (!path.StartsWith("/api/v2", StringComparison.OrdinalIgnoreCase)) return new(AccessKind.Open);
        string[] all = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (all.Length < 2 || !Is(all[1], "v2")) return new(AccessKind.Unknown);
        ReadOnlySpan<string> s = all.AsSpan(2);
        bool read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

        if (s.Length == 0) return new(AccessKind.Open);
        if (s.Length == 1 && (Is(s[0], "heartbeat") || Is(s[0], "version") || Is(s[0], "healthcheck") || Is(s[0], "pre-flight-checks")))
            return new(AccessKind.Open);
        if (s.Length == 2 && Is(s[0], "auth") && Is(s[1], "identity")) return new(AccessKind.Identity);
        if (s.Length >= 2 && Is(s[0], "admin") && Is(s[1], "keys")) return new(AccessKind.AdminKeys);
        if (s.Length == 1 && Is(s[0], "reset")) return new(AccessKind.GlobalAdmin);
        if (Is(s[0], "collections")) return new(AccessKind.GlobalRead);
        if (!Is(s[0], "tenants")) return new(AccessKind.Unknown);
        if (s.Length == 1) return new(AccessKind.GlobalAdmin); // create tenant

        string tenant = s[1];
        // Reading the tenant is open to any key of it; changing it (PATCH resource_name) concerns every database.
        if (s.Length == 2) return Tenant(read ? ApiKeyRole.Read : ApiKeyRole.Admin, tenant, allDatabases: !read);
        if (!Is(s[2], "databases")) return Tenant(read ? ApiKeyRole.Read : ApiKeyRole.Admin, tenant, allDatabases: true);

        // Listing or creating databases concerns every database of the tenant.
        if (s.Length == 3) return Tenant(read ? ApiKeyRole.Read : ApiKeyRole.Admin, tenant, allDatabases: true);

        string database = s[3];
        if (s.Length == 4) return Tenant(read ? ApiKeyRole.Read : ApiKeyRole.Admin, tenant, database);
        if (!Is(s[4], "collections")) return Tenant(read ? ApiKeyRole.Read : ApiKeyRole.Write, tenant, database);

        if (s.Length == 5)
            return read ? Tenant(ApiKeyRole.Read, tenant, database) : Tenant(ApiKeyRole.Write, tenant, database, body: BodyKind.CreateCollection);
        if (s.Length == 6)
        {
            if (read) return Tenant(ApiKeyRole.Read, tenant, database);
            return Tenant(ApiKeyRole.Write, tenant, database, body: HttpMethods.IsPut(method) ? BodyKind.UpdateCollection : BodyKind.Other);
        }

        string operation = s[6];
        if (Is(operation, "add") || Is(operation, "update") || Is(operation, "upsert"))
            return Tenant(ApiKeyRole.Write, tenant, database, body: BodyKind.RecordWrite);
        if (Is(operation, "query")) return Tenant(ApiKeyRole.Read, tenant, database, body: BodyKind.Query);
        if (Is(operation, "get") || Is(operation, "search") || Is(operation, "count")
            || Is(operation, "indexing_status") || Is(operation, "fork_count"))
            return Tenant(ApiKeyRole.Read, tenant, database);
        if (Is(operation, "conditional") && s.Length == 8 && Is(s[7], "get")) return Tenant(ApiKeyRole.Read, tenant, database);
        return Tenant(read ? ApiKeyRole.Read : ApiKeyRole.Write, tenant, database);
    }

    private static RequiredAccess Tenant(ApiKeyRole role, string tenant, string? database = null, bool allDatabases = false, BodyKind body = BodyKind.Other) =>
        new(AccessKind.Tenant, role, tenant, database, allDatabases, body);

    private static bool Is(string segment, string literal) => string.Equals(segment, literal, StringComparison.OrdinalIgnoreCase);
}
