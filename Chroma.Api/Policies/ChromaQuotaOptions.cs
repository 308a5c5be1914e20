using Microsoft.Extensions.Configuration;

namespace Chroma.Api.Policies;

/// <summary>
/// Quotas, bound from configuration section <c>Chroma:Quotas</c> (environment
/// <c>Chroma__Quotas__MaxDimension=1536</c>, per tenant <c>Chroma__Quotas__Tenants__acme__MaxDimension=768</c>).
/// The gateway checks the stateless ones on each parsed request; the stateful ones (collections
/// per tenant, records per collection) are checked where the state is, by
/// <see cref="QuotaEnforcingCatalog"/> and <see cref="QuotaEnforcingRecordWriter"/>, with these
/// same numbers. Every process of a deployment must read the same configuration.
/// </summary>
public sealed class ChromaQuotaOptions
{
    /// <summary>Real Chroma's pre-flight max_batch_size.</summary>
    public const int DefaultMaxBatchSize = 5461;

    public const string SectionName = "Chroma:Quotas";

    /// <summary>Chroma's default request body limit (40 MiB).</summary>
    public const long DefaultMaxRequestBodyBytes = 40L * 1024 * 1024;

    /// <summary>
    /// Records per write and query embeddings per query. Global, not per tenant: it is what
    /// pre-flight-checks reports as <c>max_batch_size</c>, and pre-flight is answered before any
    /// identity is known. 5461 is real Chroma's value, so the official clients batch identically.
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    public int MaxCollectionsPerTenant { get; set; } = 1_000_000;

    /// <summary>0 = unlimited (the default: single node is sized by its disk, not by a count).</summary>
    public long MaxRecordsPerCollection { get; set; }

    public int MaxDimension { get; set; } = 8192;

    public int MaxDocumentBytes { get; set; } = 1024 * 1024;

    public int MaxMetadataKeys { get; set; } = 256;

    /// <summary>UTF-8 bytes of one metadata key or string value (each element of a string array counts alone).</summary>
    public int MaxMetadataValueBytes { get; set; } = 64 * 1024;

    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>Nesting depth beyond which a JSON body is refused before it is parsed (where clauses nest).</summary>
    public int MaxJsonDepth { get; set; } = 64;

    public Dictionary<string, TenantQuotaOverride> Tenants { get; set; } = new(StringComparer.Ordinal);

    private TenantQuota? _defaults;

    public static ChromaQuotaOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new ChromaQuotaOptions();
        configuration.GetSection(SectionName).Bind(options);
        options.Validate();
        return options;
    }

    /// <summary>The limits in force for <paramref name="tenant"/>.</summary>
    public TenantQuota For(string tenant)
    {
        TenantQuota defaults = _defaults ??= new TenantQuota
        {
            MaxCollectionsPerTenant = MaxCollectionsPerTenant,
            MaxRecordsPerCollection = MaxRecordsPerCollection,
            MaxDimension = MaxDimension,
            MaxDocumentBytes = MaxDocumentBytes,
            MaxMetadataKeys = MaxMetadataKeys,
            MaxMetadataValueBytes = MaxMetadataValueBytes,
            MaxRequestBodyBytes = MaxRequestBodyBytes,
        };
        if (Tenants.Count == 0 || !Tenants.TryGetValue(tenant, out var o)) return defaults;
        return new TenantQuota
        {
            MaxCollectionsPerTenant = o.MaxCollectionsPerTenant ?? defaults.MaxCollectionsPerTenant,
            MaxRecordsPerCollection = o.MaxRecordsPerCollection ?? defaults.MaxRecordsPerCollection,
            MaxDimension = o.MaxDimension ?? defaults.MaxDimension,
            MaxDocumentBytes = o.MaxDocumentBytes ?? defaults.MaxDocumentBytes,
            MaxMetadataKeys = o.MaxMetadataKeys ?? defaults.MaxMetadataKeys,
            MaxMetadataValueBytes = o.MaxMetadataValueBytes ?? defaults.MaxMetadataValueBytes,
            MaxRequestBodyBytes = o.MaxRequestBodyBytes ?? defaults.MaxRequestBodyBytes,
        };
    }

    /// <summary>Refuses nonsensical settings at start-up rather than at the first request.</summary>
    public void Validate()
    {
        if (MaxBatchSize < 1) throw new ArgumentException($"{SectionName}:MaxBatchSize must be at least 1, got {MaxBatchSize}");
        if (MaxDimension < 1) throw new ArgumentException($"{SectionName}:MaxDimension must be at least 1, got {MaxDimension}");
        if (MaxJsonDepth < 8) throw new ArgumentException($"{SectionName}:MaxJsonDepth must be at least 8, got {MaxJsonDepth}");
        if (MaxRequestBodyBytes < 1024) throw new ArgumentException($"{SectionName}:MaxRequestBodyBytes must be at least 1024, got {MaxRequestBodyBytes}");
        if (MaxCollectionsPerTenant < 0 || MaxRecordsPerCollection < 0 || MaxDocumentBytes < 0 || MaxMetadataKeys < 0 || MaxMetadataValueBytes < 0)
            throw new ArgumentException($"{SectionName}: limits cannot be negative");
    }

    /// <summary>The largest body limit of any tenant: what the server must let through before the per-tenant check.</summary>
    public long LargestRequestBodyBytes()
    {
        long largest = MaxRequestBodyBytes;
        foreach (var tenant in Tenants.Values)
        {
            if (tenant.MaxRequestBodyBytes is long value && value > largest) largest = value;
        }

        return largest;
    }
}
