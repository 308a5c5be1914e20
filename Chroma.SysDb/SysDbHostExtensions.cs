using Chroma.Api;
using Chroma.Api.Policies;
using Chroma.Core.Catalog;
using Chroma.Core.Log;
using Chroma.Distributed.Azure;
using Chroma.Distributed.Client;
using Chroma.Distributed.Postgres;
using Chroma.Distributed.Server;
using Chroma.Core.Model;

namespace Chroma.SysDb;

/// <summary>
/// The SysDb service: the catalog on PostgreSQL behind Chroma's tenant, database and collection
/// routes (plus reset) and the internal SysDb gRPC service.
/// </summary>
public static class SysDbHostExtensions
{
    /// <summary>Connection string name of the catalog database (the AppHost's <c>AddDatabase("chromadb")</c>).</summary>
    public const string CatalogConnectionName = "chromadb";

    /// <summary>
    /// Opens the catalog, which runs the schema migrations (once, under an advisory lock) and
    /// ensures the default tenant and database. This happens before the web host is built, so
    /// /health cannot answer before the schema is current: the services that WaitFor the SysDb
    /// never see a half-migrated catalog.
    /// </summary>
    public static async Task AddChromaSysDbAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        string connectionString = builder.Configuration.GetConnectionString(CatalogConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{CatalogConnectionName} (the PostgreSQL catalog) is not configured.");
        CatalogService catalog = await CatalogService.OpenAsync(PostgresCatalogStore.Create(connectionString), ct).ConfigureAwait(false);
        builder.Services.AddSingleton(catalog); // disposed by the container, which closes the data source

        // Index files are dropped directly in blob storage; the log through the Log service, which
        // owns each collection's manifest and its in-memory writer state.
        AzureBlobStore? blobs = await ChromaBlobStorage.OpenIfConfiguredAsync(builder.Configuration, ct).ConfigureAwait(false);

        bool logWired = !string.IsNullOrEmpty(builder.Configuration[ChromaServiceAddress.ConfigurationKey("log")]);
        if (logWired) builder.Services.AddChromaLogClient();

        bool allowReset = string.Equals(builder.Configuration["ALLOW_RESET"], "true", StringComparison.OrdinalIgnoreCase);
        // Collections per tenant is checked here, where collections are created (the gateway checks only
        // stateless quotas); every process reads the same Chroma:Quotas section.
        ChromaQuotaOptions quotas = ChromaQuotaOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton<ICatalog>(sp =>
        {
            var dropper = new SysDbDataDropper(
                logWired ? sp.GetRequiredService<IWriteAheadLog>() : null,
                blobs,
                sp.GetRequiredService<ILogger<SysDbDataDropper>>());
            return new QuotaEnforcingCatalog(
                new DataDroppingCatalog(catalog, dropper.DropCollectionAsync, dropper.DropAllAsync, allowReset), quotas);
        });
        // The same batch size as the gateway's, should pre-flight-checks ever be asked of the SysDb directly.
        builder.Services.AddSingleton(new ChromaApiOptions { AllowReset = allowReset, Quotas = quotas });
        builder.Services.AddChromaGrpc();
    }

    /// <summary>/health, /alive, catalog routes, reset, the v1 tombstone and /openapi.json, and the SysDb gRPC service.</summary>
    public static WebApplication MapChromaSysDb(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapChromaSystemApi();
        app.MapChromaCatalogApi();
        // The gateway sends every path no service claims to the SysDb, so v1 and /openapi.json answer here.
        app.MapChromaMetaApi();
        app.MapChromaSysDbGrpc();
        return app;
    }
}
