namespace Chroma.AppHost.Hosting;

/// <summary>
/// A named part of the distributed application (a project, a PostgreSQL server or database, Azurite blobs),
/// after Aspire's IResource. It declares what it waits for and references; at run time it owns its replicas.
/// </summary>
public abstract class Resource
{
    private readonly List<KeyValuePair<string, string>> _environment = [];
    private readonly List<KeyValuePair<string, ParameterResource>> _parameterEnvironment = [];
    private readonly List<Resource> _waitFor = [];
    private readonly List<Resource> _references = [];

    protected Resource(string name)
    {
        ValidateName(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public IReadOnlyList<Resource> WaitsFor => _waitFor;

    /// <summary>Resources whose connection information is injected into this one's environment.</summary>
    public IReadOnlyList<Resource> References => _references;

    /// <summary>Environment set with WithEnvironment, in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment => _environment;

    /// <summary>Environment set from parameters: the value at run time, <c>{name.value}</c> in the manifest.</summary>
    public IReadOnlyList<KeyValuePair<string, ParameterResource>> ParameterEnvironment => _parameterEnvironment;

    /// <summary>The resource whose process serves this one (the server of a database), or null.</summary>
    public virtual Resource? Parent => null;

    internal IReadOnlyList<ResourceReplica> Replicas { get; private protected set; } = [];

    internal void AddWaitFor(Resource resource)
    {
        if (ReferenceEquals(resource, this)) throw new InvalidOperationException($"Resource '{Name}' cannot wait for itself.");
        if (!_waitFor.Contains(resource)) _waitFor.Add(resource);
    }

    internal void AddReference(Resource resource)
    {
        if (ReferenceEquals(resource, this)) throw new InvalidOperationException($"Resource '{Name}' cannot reference itself.");
        if (resource is not IResourceWithConnectionString && resource is not ProjectResource)
            throw new InvalidOperationException($"Resource '{resource.Name}' has neither a connection string nor endpoints to reference.");
        if (!_references.Contains(resource)) _references.Add(resource);
    }

    internal void AddEnvironment(string name, string value)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An environment variable needs a name.", nameof(name));
        _environment.RemoveAll(pair => pair.Key == name);
        _parameterEnvironment.RemoveAll(pair => pair.Key == name);
        _environment.Add(new(name, value));
    }

    internal void AddEnvironment(string name, ParameterResource parameter)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An environment variable needs a name.", nameof(name));
        _environment.RemoveAll(pair => pair.Key == name);
        _parameterEnvironment.RemoveAll(pair => pair.Key == name);
        _parameterEnvironment.Add(new(name, parameter));
    }

    /// <summary>
    /// Ports this resource declares itself (e.g. the gateway's 8000). Every resource's fixed ports are
    /// reserved before any resource allocates a free one, so a fixed port that the OS still sees as free
    /// is never handed to another endpoint first.
    /// </summary>
    internal virtual IEnumerable<int> FixedPorts => [];

    /// <summary>Allocates ports, secrets and folders; runs before anything starts so every address is known.</summary>
    internal abstract void Prepare(RunContext context);

    /// <summary>Starts the resource once everything it waits for is healthy.</summary>
    internal abstract Task StartAsync(RunContext context, CancellationToken cancellationToken);

    /// <summary>One probe of one replica's health.</summary>
    internal abstract Task<bool> ProbeAsync(RunContext context, int replica, CancellationToken cancellationToken);

    internal virtual Task StopAsync(TimeSpan timeout)
    {
        var stops = new List<Task>(Replicas.Count);
        foreach (var replica in Replicas) stops.Add(replica.StopAsync(timeout));
        return Task.WhenAll(stops);
    }

    /// <summary>The addresses shown in the resource table for one replica.</summary>
    internal virtual IReadOnlyList<string> DescribeEndpoints(int replica) => [];

    /// <summary>Writes this resource's entry (and any helper entries, e.g. a password parameter) into the manifest.</summary>
    internal abstract void WriteManifest(ManifestWriter manifest);

    private static void ValidateName(string name)
    {
        // Aspire's rule: names become environment variable parts and DNS labels.
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !char.IsAsciiLetter(name[0]) || name[^1] == '-')
            throw new ArgumentException($"Resource name '{name}' is invalid: use ASCII letters, digits and '-', starting with a letter.", nameof(name));
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                throw new ArgumentException($"Resource name '{name}' is invalid: use ASCII letters, digits and '-', starting with a letter.", nameof(name));
        }
    }
}
