namespace Chroma.Api.Policies;

/// <summary>
/// The limits in force for one tenant (defaults merged with the tenant's overrides). 0 on a
/// count limit means unlimited. See docs/security.md for the defaults and why.
/// </summary>
public sealed record TenantQuota
{
    public int MaxCollectionsPerTenant { get; init; }
    public long MaxRecordsPerCollection { get; init; }
    public int MaxDimension { get; init; }
    public int MaxDocumentBytes { get; init; }
    public int MaxMetadataKeys { get; init; }
    public int MaxMetadataValueBytes { get; init; }
    public long MaxRequestBodyBytes { get; init; }
}
