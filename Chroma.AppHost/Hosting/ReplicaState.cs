namespace Chroma.AppHost.Hosting;

/// <summary>Life cycle of one replica of a resource, as shown in the resource table.</summary>
public enum ReplicaState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Restarting,
    Stopping,
    Stopped,
    Failed,
}
