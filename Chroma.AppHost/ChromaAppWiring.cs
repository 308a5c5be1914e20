using Chroma.AppHost.Hosting;

namespace Chroma.AppHost;

/// <summary>
/// The distributed Chroma: PostgreSQL for the SysDb catalog, Azurite blobs for the log and index files, and the
/// five services. One method, used by Program.cs and by the tests, so both run the same wiring.
/// </summary>
public static class ChromaAppWiring
{
    public const int QueryReplicas = 2;

    public static void Configure(DistributedApplicationBuilder builder)
    {
        var options = builder.Options;
        var postgres = builder.AddPostgres("postgres")
            .WithDataDirectory(Path.Combine(options.DataDirectory, "postgres"));
        var catalogDb = postgres.AddDatabase("chromadb");
        var blobs = builder.AddAzurite("storage")
            .WithDataDirectory(Path.Combine(options.DataDirectory, "azurite"))
            .AddBlobs("blobs");

        // SysDb runs the catalog migrations; everything that reads the catalog waits for it.
        var sysdb = builder.AddProject("sysdb", "../Chroma.SysDb/Chroma.SysDb.csproj")
            .WithHttpEndpoint("http").WithHttp2Endpoint("grpc")
            .WithReference(catalogDb).WithReference(blobs)
            .WaitFor(catalogDb).WaitFor(blobs);
        var log = builder.AddProject("log", "../Chroma.Log/Chroma.Log.csproj")
            .WithHttpEndpoint("http").WithHttp2Endpoint("grpc")
            .WithReference(blobs).WithReference(sysdb)
            .WaitFor(blobs).WaitFor(sysdb);
        // Deleting a collection drops its log through the Log service. A reference, not a WaitFor:
        // the Log waits for the SysDb, and the SysDb serves the catalog while the Log restarts.
        sysdb.WithReference(log);
        var query = builder.AddProject("query", "../Chroma.Query/Chroma.Query.csproj")
            .WithReplicas(QueryReplicas)
            .WithHttpEndpoint("http").WithHttp2Endpoint("grpc")
            .WithReference(log).WithReference(sysdb).WithReference(blobs)
            .WaitFor(log).WaitFor(sysdb);
        builder.AddProject("compactor", "../Chroma.Compactor/Chroma.Compactor.csproj")
            .WithHttpEndpoint("http")
            .WithReference(log).WithReference(sysdb).WithReference(blobs)
            .WaitFor(log).WaitFor(sysdb);
        builder.AddProject("gateway", "../Chroma.Gateway/Chroma.Gateway.csproj")
            .WithHttpEndpoint("http", port: options.GatewayPort)
            .WithExternalHttpEndpoints()
            .WithReference(sysdb).WithReference(log).WithReference(query)
            .WaitFor(sysdb).WaitFor(log).WaitFor(query);

        if (!options.IsPublishMode)
        {
            // Local runs keep the index file caches with the rest of the state (each Query replica uses
            // a subfolder of its own); a deployment leaves them in the container's temp folder.
            log.WithEnvironment("Log__CacheDirectory", Path.Combine(options.DataDirectory, "cache", "log"));
            query.WithEnvironment("Query__CacheDirectory", Path.Combine(options.DataDirectory, "cache", "query"));
        }
    }
}
