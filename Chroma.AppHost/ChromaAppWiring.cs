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
            .WithReference(catalogDb).WaitFor(catalogDb);
        var log = builder.AddProject("log", "../Chroma.Log/Chroma.Log.csproj")
            .WithHttpEndpoint("http").WithHttp2Endpoint("grpc")
            .WithReference(blobs).WithReference(sysdb)
            .WaitFor(blobs).WaitFor(sysdb);
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
    }
}
