using System.Net;
using System.Net.Sockets;
using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// Starts the whole distributed Chroma (PostgreSQL, Azurite, SysDb, Log, 2 Query, Compactor, Gateway)
/// from <see cref="ChromaAppWiring"/>, exactly as <c>dotnet run --project Chroma.AppHost</c> does, on a
/// free gateway port. The only test-specific setting is a faster gateway health probe, so a dead
/// replica leaves the rotation within a couple of seconds instead of ten.
/// </summary>
internal static class DistributedApp
{
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);

    public static Task<DistributedApplication> StartAsync(string dataDirectory, int gatewayPort) =>
        DistributedApplicationTesting.StartAsync(builder =>
        {
            ChromaAppWiring.Configure(builder);
            foreach (var resource in builder.Resources)
            {
                if (resource.Name == "gateway")
                {
                    resource.AddEnvironment("Gateway__Routing__HealthCheckInterval", "00:00:00.500");
                    resource.AddEnvironment("Gateway__Routing__HealthCheckTimeout", "00:00:01");
                    resource.AddEnvironment("Gateway__Routing__ConsecutiveFailuresThreshold", "1");
                }
            }
        }, dataDirectory, options =>
        {
            options.AllowReset = true;
            options.GatewayPort = gatewayPort;
            options.StartupTimeout = StartupTimeout;
        });

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
