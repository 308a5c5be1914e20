using System.Net;
using System.Net.Sockets;
using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// Starts the whole distributed Chroma (PostgreSQL, Azurite, SysDb, Log, 2 Query, Compactor, Gateway)
/// from <see cref="ChromaAppWiring"/>, exactly as <c>dotnet run --project Chroma.AppHost</c> does, on a
/// free gateway port. The test-specific settings are low quotas for one tenant (<see cref="QuotaTenant"/>),
/// a Query memory budget that holds one collection at a time, and a faster gateway health probe, so a dead replica leaves the rotation within a couple of seconds
/// instead of ten. Auth is on, as the wiring sets it: clients send <see cref="AdminToken"/>.
/// </summary>
internal static class DistributedApp
{
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The tenant with low quotas: 2 collections, 3 records per collection.</summary>
    public const string QuotaTenant = "quota_tenant";

    public static Task<DistributedApplication> StartAsync(string dataDirectory, int gatewayPort) =>
        DistributedApplicationTesting.StartAsync(builder =>
        {
            ChromaAppWiring.Configure(builder);
            foreach (var resource in builder.Resources)
            {
                // Low stateful quotas for one tenant only (the suite never uses it), in every process, as a
                // deployment configures them: the SysDb counts collections, the Log records.
                if (resource is ProjectResource)
                {
                    resource.AddEnvironment($"Chroma__Quotas__Tenants__{QuotaTenant}__MaxCollectionsPerTenant", "2");
                    resource.AddEnvironment($"Chroma__Quotas__Tenants__{QuotaTenant}__MaxRecordsPerCollection", "3");
                }
                if (resource.Name == "query")
                {
                    // A one-byte budget: every collection a Query replica loads drops the others from
                    // its memory, so the whole suite also runs through eviction and reloading.
                    resource.AddEnvironment("Chroma__SegmentCache__MemoryBytes", "1");
                }
                if (resource.Name == "gateway")
                {
                    // A killed replica refuses connections, so it leaves within about a second; a slow
                    // probe on a loaded machine needs two 5 s timeouts in a row to take a live one out.
                    resource.AddEnvironment("Gateway__Routing__HealthCheckInterval", "00:00:00.500");
                    resource.AddEnvironment("Gateway__Routing__HealthCheckTimeout", "00:00:05");
                    resource.AddEnvironment("Gateway__Routing__ConsecutiveFailuresThreshold", "2");
                }
            }
        }, dataDirectory, options =>
        {
            options.AllowReset = true;
            options.GatewayPort = gatewayPort;
            options.StartupTimeout = StartupTimeout;
        });

    /// <summary>The bootstrap admin token the wiring generated for this data directory (auth is on in the distributed app).</summary>
    public static string AdminToken(DistributedApplication app) =>
        app.GetResource<ParameterResource>(ChromaAppWiring.AdminTokenParameter).Value
            ?? throw new InvalidOperationException("The admin token parameter has no value; the application was not started.");

    /// <summary>A client of the gateway that sends the admin token on every request, as Chroma's clients send theirs.</summary>
    public static HttpClient CreateGatewayClient(DistributedApplication app)
    {
        var client = new HttpClient { BaseAddress = app.GetEndpoint("gateway"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-chroma-token", AdminToken(app));
        return client;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Every line a replica wrote to its log file so far (the AppHost keeps one per replica under data/logs).</summary>
    public static string ReadLog(DistributedApplication app, string replicaName)
    {
        string path = Path.Combine(app.Options.DataDirectory, "logs", replicaName + ".log");
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
