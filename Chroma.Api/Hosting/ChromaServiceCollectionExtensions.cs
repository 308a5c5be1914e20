using Chroma.Api.Policies;
using Chroma.Core;
using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chroma.Api;

/// <summary>Registers what the endpoint groups need, for any host (gateway, embedded test host, services).</summary>
public static class ChromaServiceCollectionExtensions
{
    /// <summary>
    /// Opens the local engine (single node) now, registers its catalog, writer and reader for the
    /// API, and disposes it once the host has fully stopped — after Kestrel drained in-flight
    /// requests — so the engine flushes with no request still writing.
    /// </summary>
    public static async Task<IServiceCollection> AddChromaEngineAsync(
        this IServiceCollection services, ChromaEngineOptions options, CancellationToken ct = default, ChromaQuotaOptions? quotas = null)
    {
        var engine = await ChromaEngine.OpenAsync(options, ct);
        services.AddSingleton(engine);
        services.AddChromaApi(engine.Catalog, engine.Writer, engine.Reader, new ChromaApiOptions
        {
            AllowReset = engine.AllowReset,
            Quotas = quotas,
        });
        services.AddSingleton<IHostedService>(new ChromaEngineLifetime(engine));
        return services;
    }

    /// <summary>Registers engine interfaces from any backend (local engine, gRPC clients).</summary>
    public static IServiceCollection AddChromaApi(
        this IServiceCollection services, ICatalog catalog, IRecordWriter writer, IRecordReader reader, ChromaApiOptions options)
    {
        // Stateful quotas wrap the backends of the process that owns the state (policies hook).
        if (options.Quotas is { } quotas)
        {
            writer = new QuotaEnforcingRecordWriter(writer, reader, quotas);
            catalog = new QuotaEnforcingCatalog(catalog, quotas);
        }

        services.AddSingleton(catalog);
        services.AddSingleton(writer);
        services.AddSingleton(reader);
        services.AddSingleton(options);
        return services;
    }
}
