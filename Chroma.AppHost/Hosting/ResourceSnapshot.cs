namespace Chroma.AppHost.Hosting;

/// <summary>One replica's state at one moment, as the resource table shows it.</summary>
public sealed record ResourceSnapshot(
    string Resource,
    int Replica,
    string ReplicaName,
    ReplicaState State,
    bool? Healthy,
    int Pid,
    int RestartCount,
    IReadOnlyList<string> Endpoints);
