namespace Chroma.AppHost.Hosting;

/// <summary>What resources share while an application runs.</summary>
internal sealed class RunContext(AppHostOptions options, LogSink log, HttpClient probeClient, Action onChanged)
{
    public AppHostOptions Options { get; } = options;
    public PortAllocator Ports { get; } = new();
    public LogSink Log { get; } = log;

    /// <summary>Short-timeout client for health probes (never the one handed to tests).</summary>
    public HttpClient ProbeClient { get; } = probeClient;

    /// <summary>Called on any state change so the resource table can be printed again.</summary>
    public Action OnChanged { get; } = onChanged;
}
