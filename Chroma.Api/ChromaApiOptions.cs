using Chroma.Api.Policies;

namespace Chroma.Api;

/// <summary>Settings of the HTTP API that are not the engine's.</summary>
public sealed record ChromaApiOptions
{
    /// <summary>Whether POST /api/v2/reset may wipe everything (Chroma's ALLOW_RESET).</summary>
    public bool AllowReset { get; init; }

    /// <summary>
    /// Reported by pre-flight; clients split batches by it. 5461 is real Chroma's value
    /// (SQLite's 32766 variables / 6 per record); the server does not enforce it, like Chroma.
    /// </summary>
    public int MaxBatchSize { get; init; } = 5461;

    /// <summary>
    /// Quotas enforced where the state is (collections per tenant, records per collection); null
    /// = none. When set, <see cref="MaxBatchSize"/> should be its MaxBatchSize (the gateway enforces it).
    /// </summary>
    public ChromaQuotaOptions? Quotas { get; init; }
}
