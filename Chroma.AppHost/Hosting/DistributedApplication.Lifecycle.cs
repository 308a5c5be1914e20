using System.Runtime.InteropServices;

namespace Chroma.AppHost.Hosting;

public sealed partial class DistributedApplication
{
    private static readonly TimeSpan s_probeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_monitorInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _lifetime = new();
    private readonly SemaphoreSlim _stopGate = new(1, 1);
    private Task? _monitor;
    private volatile bool _changed;
    private string _lastTable = "";
    private bool _started;
    private bool _stopped;

    /// <summary>
    /// Runs until Ctrl+C or SIGTERM, then stops every child; in publish mode writes the manifest instead.
    /// Returns the process exit code.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Options.IsPublishMode)
        {
            await PublishManifestAsync(Options.OutputPath!, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Children live in their own sessions, so a terminal's Ctrl+C reaches only us and we stop them in order.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);
        try
        {
            await StartAsync(shutdown.Token).ConfigureAwait(false);
            _log.WriteHost("Distributed application started. Press Ctrl+C to stop.");
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return 0;
        }
        catch (DistributedApplicationException ex)
        {
            _log.WriteHost("error: " + ex.Message);
            return 1;
        }
        finally
        {
            _log.WriteHost("Stopping...");
            await StopAsync().ConfigureAwait(false);
        }

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // keep the host alive until every child is stopped
            shutdown.Cancel();
        }
    }

    /// <summary>
    /// Prepares every resource (ports, secrets, folders), builds projects whose dll is missing or stale, then
    /// starts each resource as soon as everything it waits for is healthy, and returns once all are healthy.
    /// On failure everything already started is stopped and the error names the resource.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started) throw new InvalidOperationException("The application was already started.");
        _started = true;
        Directory.CreateDirectory(Options.DataDirectory);
        foreach (var resource in _resources)
        {
            foreach (int port in resource.FixedPorts)
            {
                if (!_context.Ports.TryReserve(port))
                    throw new DistributedApplicationException($"Resource '{resource.Name}': port {port} is already declared by another endpoint.");
            }
        }
        foreach (var resource in _resources) resource.Prepare(_context);
        _monitor = Task.Run(MonitorAsync);
        try
        {
            // One build at a time: concurrent builds of projects that share libraries race on the same outputs.
            foreach (var resource in _resources)
            {
                if (resource is ProjectResource project) await project.BuildAsync(_context, cancellationToken).ConfigureAwait(false);
            }
            var started = new Dictionary<Resource, Task>();
            foreach (var resource in _resources) _ = StartInOrder(resource, started, cancellationToken);
            try
            {
                await Task.WhenAll(started.Values).ConfigureAwait(false);
            }
            catch (DistributedApplicationException)
            {
                // Report the resource that failed, not one of those that were waiting for it.
                DistributedApplicationException? first = null;
                foreach (var task in started.Values)
                {
                    if (task.Exception?.InnerException is not DistributedApplicationException failure) continue;
                    first ??= failure;
                    if (!failure.IsDependencyFailure) throw failure;
                }
                throw first!;
            }
        }
        catch (Exception ex) when (ex is DistributedApplicationException or OperationCanceledException)
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
        PrintTableIfChanged();
    }

    /// <summary>Stops every replica: projects first (they use the databases), then PostgreSQL and Azurite.</summary>
    public async Task StopAsync()
    {
        await _stopGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped) return;
            _stopped = true;
            if (!_started) return; // built but never run (e.g. publish mode): nothing to stop, no table to print
            var projects = new List<Task>();
            var infrastructure = new List<Task>();
            foreach (var resource in _resources)
                (resource is ProjectResource ? projects : infrastructure).Add(resource.StopAsync(Options.StopTimeout));
            await Task.WhenAll(projects).ConfigureAwait(false);
            await Task.WhenAll(infrastructure).ConfigureAwait(false);
            _lifetime.Cancel();
            if (_monitor is not null) await _monitor.ConfigureAwait(false);
            PrintTableIfChanged();
        }
        finally
        {
            _stopGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _probeClient.Dispose();
        _log.Dispose();
        _lifetime.Dispose();
    }

    private Task StartInOrder(Resource resource, Dictionary<Resource, Task> started, CancellationToken cancellationToken)
    {
        if (started.TryGetValue(resource, out var task)) return task;
        var dependencies = new Task[resource.WaitsFor.Count];
        for (int i = 0; i < dependencies.Length; i++) dependencies[i] = StartInOrder(resource.WaitsFor[i], started, cancellationToken);
        task = StartOneAsync(resource, dependencies, cancellationToken);
        started[resource] = task;
        return task;
    }

    private async Task StartOneAsync(Resource resource, Task[] dependencies, CancellationToken cancellationToken)
    {
        if (dependencies.Length > 0)
        {
            foreach (var replica in resource.Replicas) replica.State = ReplicaState.Waiting;
            MarkChanged();
            for (int i = 0; i < dependencies.Length; i++)
            {
                try
                {
                    await dependencies[i].ConfigureAwait(false);
                }
                catch (DistributedApplicationException)
                {
                    foreach (var replica in resource.Replicas) replica.State = ReplicaState.Failed;
                    throw new DistributedApplicationException($"Resource '{resource.Name}' was not started: it waits for '{resource.WaitsFor[i].Name}', which failed.")
                    {
                        IsDependencyFailure = true,
                    };
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        await resource.StartAsync(_context, cancellationToken).ConfigureAwait(false);
        MarkChanged();
        await WaitHealthyAsync(resource, Options.StartupTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitHealthyAsync(Resource resource, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var replica in resource.Replicas)
        {
            while (!await resource.ProbeAsync(_context, replica.Index, cancellationToken).ConfigureAwait(false))
            {
                replica.Healthy = false;
                if (DateTime.UtcNow >= deadline || replica.State == ReplicaState.Failed)
                {
                    var tail = _log.Tail(replica.Name);
                    string output = tail.Count == 0 ? " It printed nothing." : " Its last output:" + System.Environment.NewLine + string.Join(System.Environment.NewLine, tail);
                    throw new DistributedApplicationException(
                        $"Resource '{replica.Name}' did not become healthy within {timeout.TotalSeconds:0}s (state {replica.State}).{output}");
                }
                await Task.Delay(s_probeInterval, cancellationToken).ConfigureAwait(false);
            }
            replica.Healthy = true;
            MarkChanged();
        }
    }

    /// <summary>Prints the resource table when it changed, and re-probes health every couple of seconds.</summary>
    private async Task MonitorAsync()
    {
        using var timer = new PeriodicTimer(s_monitorInterval);
        int tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_lifetime.Token).ConfigureAwait(false))
            {
                if (++tick % 4 == 0) await ProbeRunningAsync(_lifetime.Token).ConfigureAwait(false);
                if (_changed) PrintTableIfChanged();
            }
        }
        catch (OperationCanceledException)
        {
            // The application stopped.
        }
    }

    private async Task ProbeRunningAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in _resources)
        {
            foreach (var replica in resource.Replicas)
            {
                if (replica.State != ReplicaState.Running || replica.Healthy is null) continue;
                bool healthy = await resource.ProbeAsync(_context, replica.Index, cancellationToken).ConfigureAwait(false);
                if (healthy != replica.Healthy)
                {
                    replica.Healthy = healthy;
                    MarkChanged();
                }
            }
        }
    }

    private void MarkChanged() => _changed = true;

    private void PrintTableIfChanged()
    {
        _changed = false;
        if (Options.Console is null) return;
        string table = ResourceTable.Render(GetSnapshots());
        lock (_lifetime)
        {
            if (table == _lastTable) return;
            _lastTable = table;
        }
        _log.WriteHost(table);
    }
}
