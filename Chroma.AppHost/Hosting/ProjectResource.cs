namespace Chroma.AppHost.Hosting;

/// <summary>
/// A .NET project run as <c>dotnet &lt;dll&gt;</c>, one process per replica. The working directory is the dll's
/// folder because <c>dotnet X.dll</c> takes its content root (appsettings.json) from it. Each replica gets its
/// own ports for every declared endpoint, passed as Kestrel__Endpoints__&lt;name&gt;__Url/Protocols.
/// </summary>
public sealed partial class ProjectResource : Resource
{
    private readonly List<EndpointDefinition> _endpoints = [];
    private int[][] _ports = [];

    internal ProjectResource(string name, string projectPath) : base(name)
    {
        ProjectPath = projectPath;
    }

    /// <summary>Absolute path of the .csproj (or of a built .dll).</summary>
    public string ProjectPath { get; }

    public int ReplicaCount { get; internal set; } = 1;

    public IReadOnlyList<EndpointDefinition> Endpoints => _endpoints;

    /// <summary>The dll that runs, known once the application has started.</summary>
    public string? DllPath { get; private set; }

    internal void AddEndpoint(EndpointDefinition endpoint)
    {
        if (_endpoints.Exists(e => e.Name == endpoint.Name))
            throw new InvalidOperationException($"Resource '{Name}' already has an endpoint named '{endpoint.Name}'.");
        _endpoints.Add(endpoint);
    }

    internal void MarkEndpointsExternal()
    {
        for (int i = 0; i < _endpoints.Count; i++) _endpoints[i] = _endpoints[i] with { IsExternal = true };
    }

    /// <summary>The URL of one endpoint of one replica, e.g. http://127.0.0.1:41234.</summary>
    public Uri GetEndpoint(string endpointName, int replica = 0)
    {
        int endpoint = _endpoints.FindIndex(e => e.Name == endpointName);
        if (endpoint < 0) throw new ArgumentException($"Resource '{Name}' has no endpoint '{endpointName}'.", nameof(endpointName));
        if ((uint)replica >= (uint)ReplicaCount) throw new ArgumentOutOfRangeException(nameof(replica), $"Resource '{Name}' has {ReplicaCount} replica(s).");
        if (_ports.Length == 0) throw new InvalidOperationException($"Resource '{Name}' has not been started; its ports are not allocated yet.");
        return new Uri($"http://127.0.0.1:{_ports[replica][endpoint]}");
    }

    /// <summary>An Aspire project gets an http endpoint from its launch profile; ours gets one when it declares none.</summary>
    internal void EnsureDefaultEndpoint()
    {
        if (_endpoints.Count == 0) _endpoints.Add(new EndpointDefinition(EndpointDefinition.Http, EndpointDefinition.Http, null, false));
    }

    internal override IReadOnlyList<string> DescribeEndpoints(int replica)
    {
        if (_ports.Length == 0) return [];
        var endpoints = new string[_endpoints.Count];
        for (int e = 0; e < endpoints.Length; e++)
            endpoints[e] = $"{_endpoints[e].Name}=http://127.0.0.1:{_ports[replica][e]}{(_endpoints[e].Transport == EndpointDefinition.Http2 ? " (h2)" : "")}";
        return endpoints;
    }

    internal override IEnumerable<int> FixedPorts
    {
        get
        {
            foreach (var endpoint in _endpoints)
            {
                if (endpoint.Port is int port) yield return port;
            }
        }
    }

    internal override void Prepare(RunContext context)
    {
        var ports = new int[ReplicaCount][];
        for (int replica = 0; replica < ReplicaCount; replica++)
        {
            ports[replica] = new int[_endpoints.Count];
            for (int e = 0; e < _endpoints.Count; e++)
            {
                var endpoint = _endpoints[e];
                if (endpoint.Port is int fixedPort)
                {
                    // Aspire puts a proxy in front of replicas for a fixed port; without one, two processes cannot share it.
                    if (ReplicaCount > 1)
                        throw new DistributedApplicationException($"Resource '{Name}': endpoint '{endpoint.Name}' has the fixed port {fixedPort} but {ReplicaCount} replicas; fixed ports need a single replica.");
                    ports[replica][e] = fixedPort; // reserved by the application before any Prepare
                }
                else
                {
                    ports[replica][e] = context.Ports.Allocate();
                }
            }
        }
        _ports = ports;
        var replicas = new ResourceReplica[ReplicaCount];
        for (int i = 0; i < ReplicaCount; i++) replicas[i] = new ResourceReplica(this, i, ReplicaCount == 1 ? Name : $"{Name}-{i}");
        Replicas = replicas;
    }

    internal async Task BuildAsync(RunContext context, CancellationToken cancellationToken)
    {
        DllPath = await ProjectLocator.EnsureBuiltAsync(Name, ProjectPath, context.Options, context.Log, cancellationToken).ConfigureAwait(false);
    }

    internal override Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        string dll = DllPath ?? throw new InvalidOperationException($"Resource '{Name}' was not built before its start.");
        foreach (var replica in Replicas)
        {
            var spec = new ProcessSpec
            {
                FileName = "dotnet",
                Arguments = [dll],
                WorkingDirectory = Path.GetDirectoryName(dll)!,
                Environment = BuildEnvironment(context, replica),
            };
            replica.Process = new ManagedProcess(replica.Name, spec, context.Log, context.OnChanged);
            replica.Process.Start();
        }
        return Task.CompletedTask;
    }

    internal override async Task<bool> ProbeAsync(RunContext context, int replica, CancellationToken cancellationToken)
    {
        // /health on the first HTTP/1 endpoint; a project with only an HTTP/2 endpoint is probed over HTTP/2.
        int endpoint = _endpoints.FindIndex(e => e.Transport == EndpointDefinition.Http);
        bool http2Only = endpoint < 0;
        if (http2Only) endpoint = 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_ports[replica][endpoint]}/health");
        if (http2Only)
        {
            request.Version = System.Net.HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        try
        {
            using var response = await context.ProbeClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the probe client's own timeout
        }
    }

    /// <summary>
    /// The environment of one replica, with exactly the variables an Aspire AppHost sets: Kestrel endpoints,
    /// ConnectionStrings__x for referenced databases and blobs, services__x__endpoint__i for every replica of
    /// a referenced project (read by Microsoft.Extensions.ServiceDiscovery), OTEL_* and the environment name.
    /// </summary>
    internal Dictionary<string, string> BuildEnvironment(RunContext context, ResourceReplica replica)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = context.Options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = context.Options.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=" + replica.InstanceId,
        };
        if (context.Options.OtlpEndpoint is { } otlp)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
            env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
            env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";
            env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        }
        if (context.Options.AllowReset) env["ALLOW_RESET"] = "true";
        for (int e = 0; e < _endpoints.Count; e++)
        {
            var endpoint = _endpoints[e];
            env[$"Kestrel__Endpoints__{endpoint.Name}__Url"] = $"http://127.0.0.1:{_ports[replica.Index][e]}";
            env[$"Kestrel__Endpoints__{endpoint.Name}__Protocols"] = endpoint.KestrelProtocols;
        }
        foreach (var reference in References)
        {
            if (reference is IResourceWithConnectionString withConnectionString)
            {
                env["ConnectionStrings__" + reference.Name] = withConnectionString.GetConnectionString();
            }
            else if (reference is ProjectResource project)
            {
                foreach (var endpoint in project.Endpoints)
                {
                    for (int i = 0; i < project.ReplicaCount; i++)
                        env[$"services__{project.Name}__{endpoint.Name}__{i}"] = project.GetEndpoint(endpoint.Name, i).ToString().TrimEnd('/');
                }
            }
        }
        // Declared last so an explicit WithEnvironment wins over a convention.
        foreach (var (key, value) in Environment) env[key] = value;
        foreach (var (key, parameter) in ParameterEnvironment)
            env[key] = parameter.Value ?? throw new InvalidOperationException($"Parameter '{parameter.Name}' has no value; it is known once the application is prepared.");
        return env;
    }
}
