namespace Chroma.AppHost.Hosting;

/// <summary>
/// One running instance of a resource. Projects have one per replica, each with its own process and ports;
/// a database or a blob service has one without a process of its own (its parent's process serves it).
/// </summary>
internal sealed class ResourceReplica(Resource resource, int index, string name)
{
    private volatile ReplicaState _state = ReplicaState.NotStarted;

    public Resource Resource { get; } = resource;
    public int Index { get; } = index;

    /// <summary>Display name: the resource name, or <c>name-i</c> when the resource has several replicas.</summary>
    public string Name { get; } = name;

    /// <summary>Unique per replica and per run, as Aspire's service.instance.id.</summary>
    public string InstanceId { get; } = name + "-" + Guid.NewGuid().ToString("N")[..8];

    public ManagedProcess? Process { get; set; }
    public bool? Healthy { get; set; }

    public ReplicaState State
    {
        get => Process?.State ?? _state;
        set => _state = value;
    }

    public Task StopAsync(TimeSpan timeout)
    {
        if (Process is not null) return Process.StopAsync(timeout);
        _state = ReplicaState.Stopped;
        return Task.CompletedTask;
    }
}
