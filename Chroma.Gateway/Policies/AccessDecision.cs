using Chroma.Core.Catalog.Keys;

namespace Chroma.Gateway.Policies;

/// <summary>Whether a key may make a request. Pure: no I/O, so it runs before any lookup.</summary>
internal static class AccessDecision
{
    public static bool IsAllowed(ApiKeyRecord key, in RequiredAccess access) => access.Kind switch
    {
        AccessKind.Open or AccessKind.Identity => true,
        AccessKind.AdminKeys => key.Role == ApiKeyRole.Admin, // the handler narrows to the key's own scope
        AccessKind.GlobalAdmin => key.CoversAllTenants && key.Role == ApiKeyRole.Admin,
        AccessKind.GlobalRead => key.CoversAllTenants,
        AccessKind.Unknown => key.CoversAllTenants,
        _ => key.Role >= access.Role
            && key.AllowsTenant(access.Tenant!)
            && (access.Database is null || key.AllowsDatabase(access.Database))
            && (!access.AllDatabases || key.Databases is null),
    };
}
