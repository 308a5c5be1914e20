namespace Chroma.AppHost.Hosting;

/// <summary>
/// Collects the resources of a distributed application, after Aspire's IDistributedApplicationBuilder:
/// <c>var builder = DistributedApplication.CreateBuilder(args); builder.AddProject(...); builder.Build().RunAsync();</c>
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(AppHostOptions options)
    {
        Options = options;
        AppHostDirectory = RepositoryLayout.AppHostDirectory(options);
    }

    public AppHostOptions Options { get; }

    /// <summary>Relative project paths are resolved from this folder (the Chroma.AppHost project folder).</summary>
    public string AppHostDirectory { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        foreach (var existing in _resources)
        {
            if (string.Equals(existing.Name, resource.Name, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build()
    {
        foreach (var resource in _resources)
        {
            if (resource is ProjectResource project) project.EnsureDefaultEndpoint();
        }
        ThrowOnWaitCycle();
        return new DistributedApplication(Options, [.. _resources]);
    }

    private void ThrowOnWaitCycle()
    {
        // Depth-first search; a WaitFor cycle would deadlock the start, so it is refused up front.
        var state = new Dictionary<Resource, int>();
        foreach (var resource in _resources) Visit(resource, state, []);
    }

    private static void Visit(Resource resource, Dictionary<Resource, int> state, List<string> path)
    {
        state.TryGetValue(resource, out int mark);
        if (mark == 2) return;
        path.Add(resource.Name);
        if (mark == 1) throw new InvalidOperationException($"WaitFor cycle: {string.Join(" -> ", path)}.");
        state[resource] = 1;
        foreach (var dependency in resource.WaitsFor) Visit(dependency, state, path);
        state[resource] = 2;
        path.RemoveAt(path.Count - 1);
    }
}
