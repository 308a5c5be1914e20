using Chroma.Api.Policies;

namespace Chroma.Api;

/// <summary>Settings of the HTTP API that are not the engine's.</summary>
public sealed record ChromaApiOptions
{
    /// <summary>Whether POST /api/v2/reset may wipe everything (Chroma's ALLOW_RESET).</summary>
    public bool AllowReset { get; init; }

    /// <summary>
    /// Quotas of this deployment; null = none. <see cref="ChromaServiceCollectionExtensions.AddChromaApi"/>
    /// enforces the stateful ones (collections per tenant, records per collection) where the state is.
    /// </summary>
    public ChromaQuotaOptions? Quotas { get; init; }

    /// <summary>
    /// Reported by pre-flight; clients split batches by it: the quotas' batch size (the gateway
    /// enforces it), else real Chroma's 5461 (SQLite's 32766 variables / 6 per record).
    /// </summary>
    public int MaxBatchSize => Quotas?.MaxBatchSize ?? ChromaQuotaOptions.DefaultMaxBatchSize;
}
