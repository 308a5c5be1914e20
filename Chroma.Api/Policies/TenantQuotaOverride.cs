namespace Chroma.Api.Policies;

/// <summary>One tenant's overrides (<c>Chroma:Quotas:Tenants:{tenant}:MaxDimension=…</c>); unset fields keep the defaults.</summary>
public sealed class TenantQuotaOverride
{
    public int? MaxCollectionsPerTenant { get; set; }
    public long? MaxRecordsPerCollection { get; set; }
    public int? MaxDimension { get; set; }
    public int? MaxDocumentBytes { get; set; }
    public int? MaxMetadataKeys { get; set; }
    public int? MaxMetadataValueBytes { get; set; }
    public long? MaxRequestBodyBytes { get; set; }
}
