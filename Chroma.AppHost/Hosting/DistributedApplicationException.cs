namespace Chroma.AppHost.Hosting;

/// <summary>A resource could not be prepared, started or made healthy; the message names the resource.</summary>
public sealed class DistributedApplicationException : Exception
{
    public DistributedApplicationException(string message) : base(message) { }

    public DistributedApplicationException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when the resource did not start because something it waits for failed.</summary>
    public bool IsDependencyFailure { get; init; }
}
