using Chroma.AppHost.Hosting;

namespace Chroma.AppHost;

/// <summary>
/// The distributed Chroma: PostgreSQL for the SysDb catalog, Azurite blobs for the log and index files, and the
/// five services. One method, used by Program.cs and by the tests, so both run the same wiring.
/// </summary>
public static class ChromaAppWiring
{
    public const int QueryReplicas = 2;

    /// <summary>The secret parameter holding the bootstrap admin token (file &lt;data&gt;/admin-token when generated).</summary>
    public const string AdminTokenParameter = "admin-token";

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
        // Auth is on in the distributed app (single node leaves it off, as Chroma does). The bootstrap key is an
        // admin of every tenant, whose token is a secret parameter: generated once per data directory (or taken
        // from Parameters__admin-token) and printed for the operator, who mints narrower keys with it
        // (POST /api/v2/admin/keys). The gateway reads and stores keys, hashed, in the catalog database, whose
        // api_keys table the SysDb's migrations create: hence the reference to chromadb and the wait for sysdb.
        var adminToken = builder.AddParameter(AdminTokenParameter, secret: true).WithValueShownAtStart();
        builder.AddProject("gateway", "../Chroma.Gateway/Chroma.Gateway.csproj")
            .WithHttpEndpoint("http", port: options.GatewayPort)
            .WithExternalHttpEndpoints()
            .WithReference(catalogDb).WithReference(sysdb).WithReference(log).WithReference(query)
            .WaitFor(sysdb).WaitFor(log).WaitFor(query)
            .WithEnvironment("Chroma__Auth__Enabled", "true")
            .WithEnvironment("Chroma__Auth__Keys__0__Token", adminToken)
            .WithEnvironment("Chroma__Auth__Keys__0__Tenant", "*")
            .WithEnvironment("Chroma__Auth__Keys__0__Databases", "*")
            .WithEnvironment("Chroma__Auth__Keys__0__Role", "admin")
            .WithEnvironment("Chroma__Auth__Keys__0__Name", "apphost-admin");

        if (!options.IsPublishMode)
        {
            // Local runs keep the index file caches with the rest of the state (each Query replica uses
            // a subfolder of its own); a deployment leaves them in the container's temp folder.
            log.WithEnvironment("Log__CacheDirectory", Path.Combine(options.DataDirectory, "cache", "log"));
            query.WithEnvironment("Query__CacheDirectory", Path.Combine(options.DataDirectory, "cache", "query"));
        }
    }
}
