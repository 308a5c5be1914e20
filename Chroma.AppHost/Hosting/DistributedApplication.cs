using System.Text.Json.Nodes;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// A built distributed application: starts every resource in WaitFor order, supervises the processes, prints
/// the resource table, and stops everything on Ctrl+C, SIGTERM or dispose. Also the entry of the manifest
/// publisher. Shaped after Aspire's DistributedApplication; tests use it through <see cref="DistributedApplicationTesting"/>.
/// </summary>
public sealed partial class DistributedApplication : IAsyncDisposable
{
    private readonly Resource[] _resources;
    private readonly RunContext _context;
    private readonly LogSink _log;
    private readonly HttpClient _probeClient;

    internal DistributedApplication(AppHostOptions options, Resource[] resources)
    {
        Options = options;
        _resources = resources;
        _log = new LogSink(options.IsPublishMode ? null : Path.Combine(options.DataDirectory, "logs"), options.Console);
        _probeClient = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        _context = new RunContext(options, _log, _probeClient, MarkChanged);
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(AppHostOptions.Parse(args));

    public static DistributedApplicationBuilder CreateBuilder(AppHostOptions options) => new(options);

    public AppHostOptions Options { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>The last lines a replica printed (replica name as in the table: "query-1", or "postgres").</summary>
    public IReadOnlyList<string> GetLogTail(string replicaName) => _log.Tail(replicaName);

    public T GetResource<T>(string name) where T : Resource =>
        Find(name) as T ?? throw new ArgumentException($"Resource '{name}' is not a {typeof(T).Name}.", nameof(name));

    public Uri GetEndpoint(string resourceName, string endpointName = "http", int replica = 0) =>
        GetResource<ProjectResource>(resourceName).GetEndpoint(endpointName, replica);

    public string GetConnectionString(string resourceName) =>
        Find(resourceName) is IResourceWithConnectionString withConnectionString
            ? withConnectionString.GetConnectionString()
            : throw new ArgumentException($"Resource '{resourceName}' has no connection string.", nameof(resourceName));

    /// <summary>An HttpClient whose BaseAddress is the endpoint of one replica of a project.</summary>
    public HttpClient CreateHttpClient(string resourceName, string endpointName = "http", int replica = 0)
    {
        var endpoint = GetResource<ProjectResource>(resourceName).Endpoints;
        var client = new HttpClient { BaseAddress = GetEndpoint(resourceName, endpointName, replica) };
        foreach (var e in endpoint)
        {
            if (e.Name == endpointName && e.Transport == EndpointDefinition.Http2)
            {
                client.DefaultRequestVersion = System.Net.HttpVersion.Version20;
                client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            }
        }
        return client;
    }

    /// <summary>SIGKILL to one replica's process group, as a crash; the supervisor restarts it.</summary>
    public Task KillAsync(string resourceName, int replica = 0)
    {
        var target = Replica(resourceName, replica);
        var process = target.Process ?? throw new InvalidOperationException($"Resource '{target.Name}' has no process of its own.");
        target.Healthy = false;
        process.Kill();
        return Task.CompletedTask;
    }

    /// <summary>Waits until every replica of the resource answers its health probe.</summary>
    public Task WaitForHealthyAsync(string resourceName, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitHealthyAsync(Find(resourceName), timeout ?? Options.StartupTimeout, cancellationToken);

    public IReadOnlyList<ResourceSnapshot> GetSnapshots()
    {
        var rows = new List<ResourceSnapshot>();
        foreach (var resource in _resources)
        {
            foreach (var replica in resource.Replicas) rows.Add(Snapshot(replica));
        }
        return rows;
    }

    public ResourceSnapshot GetSnapshot(string resourceName, int replica = 0) => Snapshot(Replica(resourceName, replica));

    /// <summary>The Aspire manifest (aspire-8.0) of this application; paths relative to <paramref name="manifestDirectory"/>.</summary>
    public JsonObject BuildManifest(string manifestDirectory)
    {
        var writer = new ManifestWriter(Options, Path.GetFullPath(manifestDirectory));
        foreach (var resource in _resources) resource.WriteManifest(writer);
        return writer.ToJson();
    }

    public async Task PublishManifestAsync(string outputPath, CancellationToken cancellationToken = default)
    {
        string fullPath = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var manifest = BuildManifest(Path.GetDirectoryName(fullPath)!);
        await File.WriteAllTextAsync(fullPath, ManifestWriter.Serialize(manifest), cancellationToken).ConfigureAwait(false);
        _log.WriteHost($"Wrote the Aspire manifest to {fullPath}");
    }

    private Resource Find(string name)
    {
        foreach (var resource in _resources)
        {
            if (resource.Name == name) return resource;
        }
        throw new ArgumentException($"There is no resource named '{name}'.", nameof(name));
    }

    private ResourceReplica Replica(string resourceName, int replica)
    {
        var resource = Find(resourceName);
        if ((uint)replica >= (uint)resource.Replicas.Count)
            throw new ArgumentOutOfRangeException(nameof(replica), $"Resource '{resourceName}' has {resource.Replicas.Count} running replica(s).");
        return resource.Replicas[replica];
    }

    private static ResourceSnapshot Snapshot(ResourceReplica replica) => new(
        replica.Resource.Name,
        replica.Index,
        replica.Name,
        replica.State,
        replica.Healthy,
        replica.Process?.Pid ?? 0,
        replica.Process?.RestartCount ?? 0,
        replica.Resource.DescribeEndpoints(replica.Index));
}
