using Chroma.Core.Catalog.Keys;

namespace Chroma.Gateway.Policies;

/// <summary>What a request needs, read from its method and path alone, before anything is looked up.</summary>
internal readonly record struct RequiredAccess(
    AccessKind Kind,
    ApiKeyRole Role = ApiKeyRole.Read,
    string? Tenant = null,
    string? Database = null,
    bool AllDatabases = false,
    BodyKind Body = BodyKind.Other);

internal enum AccessKind
{
    /// <summary>heartbeat, version, pre-flight, healthcheck, v1 tombstone, OpenAPI, health probes.</summary>
    Open,
    Identity,
    AdminKeys,

    /// <summary>Tenant-wide operations of the operator: create tenant, reset.</summary>
    GlobalAdmin,

    /// <summary>Routes whose path does not name the tenant (collections by CRN): only keys of every tenant.</summary>
    GlobalRead,

    /// <summary>A /api/v2 path this gateway does not know: only keys of every tenant (deny by default).</summary>
    Unknown,
    Tenant,
}

/// <summary>Which edge checks the body gets beyond JSON well-formedness.</summary>
internal enum BodyKind
{
    Other,
    RecordWrite,
    Query,
    CreateCollection,
    UpdateCollection,
}
