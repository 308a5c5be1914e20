namespace Chroma.Core.Catalog.Keys;

/// <summary>
/// What an API key may do inside its scope. Ordered: each role includes the ones below it, so a
/// check is a comparison. The numbers are persisted in the catalog; never renumber them.
/// </summary>
public enum ApiKeyRole
{
    /// <summary>GET routes and the read-only POSTs (get, query, search, count).</summary>
    Read = 1,

    /// <summary>Read, plus record writes and collection create/update/delete.</summary>
    Write = 2,

    /// <summary>Write, plus databases, tenant settings and key management in its tenant (all tenants when the key's tenant is <c>*</c>).</summary>
    Admin = 3,
}
