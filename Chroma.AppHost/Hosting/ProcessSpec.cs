namespace Chroma.AppHost.Hosting;

/// <summary>How to launch one child process: the command, its arguments, where and with what environment.</summary>
internal sealed class ProcessSpec
{
    public required string FileName { get; init; }
    public List<string> Arguments { get; init; } = [];
    public required string WorkingDirectory { get; init; }
    public Dictionary<string, string> Environment { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The signal that asks the process to stop cleanly: SIGINT for PostgreSQL (fast shutdown), else SIGTERM.</summary>
    public int StopSignal { get; init; } = NativeMethods.SigTerm;

    /// <summary>Restart the process when it exits while the application is not stopping.</summary>
    public bool RestartOnExit { get; init; } = true;
}
