using System.Diagnostics;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// One supervised child process. It runs in its own session and process group (started through setsid, which
/// execs in place, so the pid is also the group id): stopping or killing the group leaves nothing behind. Its
/// output lines go to the <see cref="LogSink"/>. When it dies while the application is not stopping, it is
/// started again after a growing backoff, with the same arguments, environment and ports.
/// </summary>
internal sealed class ManagedProcess
{
    private static readonly TimeSpan s_initialBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    private readonly string _name;
    private readonly ProcessSpec _spec;
    private readonly LogSink _log;
    private readonly Action _onChanged;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _supervisor;
    private volatile int _pid;
    private volatile int _restartCount;
    private volatile ReplicaState _state = ReplicaState.NotStarted;

    public ManagedProcess(string name, ProcessSpec spec, LogSink log, Action onChanged)
    {
        _name = name;
        _spec = spec;
        _log = log;
        _onChanged = onChanged;
    }

    public int Pid => _pid;
    public int RestartCount => _restartCount;
    public ReplicaState State => _state;
    public int? LastExitCode { get; private set; }

    /// <summary>Starts the process and its supervisor; throws when the command cannot be started at all.</summary>
    public void Start()
    {
        if (_supervisor is not null) throw new InvalidOperationException($"Process '{_name}' was already started.");
        var first = Launch();
        _supervisor = Task.Run(() => SuperviseAsync(first));
    }

    /// <summary>SIGKILL to the whole group, as a crash would; the supervisor restarts it.</summary>
    public void Kill()
    {
        int pid = _pid;
        if (pid > 0) NativeMethods.SignalGroup(pid, NativeMethods.SigKill);
    }

    /// <summary>
    /// Stops for good: the stop signal to the leader (PostgreSQL's postmaster stops its own backends on SIGINT),
    /// then SIGKILL to the group when it has not exited within <paramref name="timeout"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_stopping.IsCancellationRequested) { if (_supervisor is not null) await _supervisor.ConfigureAwait(false); return; }
        _stopping.Cancel();
        if (_supervisor is null) { SetState(ReplicaState.Stopped); return; }
        SetState(ReplicaState.Stopping);
        int pid = _pid;
        if (pid > 0) NativeMethods.SignalProcess(pid, _spec.StopSignal);
        var finished = await Task.WhenAny(_supervisor, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != _supervisor)
        {
            _log.WriteHost($"[{_name}] did not stop within {timeout.TotalSeconds:0}s; killing its process group.");
        }
        // Whatever the leader did, nothing of its group may outlive the application.
        if (pid > 0) NativeMethods.SignalGroup(pid, NativeMethods.SigKill);
        await _supervisor.ConfigureAwait(false);
        SetState(ReplicaState.Stopped);
    }

    private Process Launch()
    {
        var psi = new ProcessStartInfo
        {
            FileName = "setsid",
            WorkingDirectory = _spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(_spec.FileName);
        foreach (var argument in _spec.Arguments) psi.ArgumentList.Add(argument);
        foreach (var (key, value) in _spec.Environment) psi.Environment[key] = value;

        SetState(ReplicaState.Starting);
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += OnOutput;
        process.ErrorDataReceived += OnOutput;
        process.Start();
        // Nothing reads our stdin on the child's behalf; closing it gives the child EOF instead of a hang.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _pid = process.Id;
        SetState(ReplicaState.Running);
        return process;
    }

    private async Task SuperviseAsync(Process process)
    {
        var backoff = s_initialBackoff;
        while (true)
        {
            var startedAt = Stopwatch.GetTimestamp();
            // Waits for the exit and for the end of both output pipes, so no line is lost.
            await process.WaitForExitAsync().ConfigureAwait(false);
            LastExitCode = process.ExitCode;
            process.Dispose();
            if (_stopping.IsCancellationRequested) break;

            // A process that ran for a while before dying starts again quickly; one that keeps dying backs off.
            if (Stopwatch.GetElapsedTime(startedAt) > s_maxBackoff) backoff = s_initialBackoff;
            _restartCount++;
            SetState(ReplicaState.Restarting);
            _log.WriteHost($"[{_name}] exited unexpectedly with code {LastExitCode}; restart #{_restartCount} in {backoff.TotalSeconds:0.#}s.");
            if (!_spec.RestartOnExit) { SetState(ReplicaState.Failed); break; }
            try
            {
                await Task.Delay(backoff, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
            try
            {
                process = Launch();
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                _log.WriteHost($"[{_name}] could not be restarted: {ex.Message}");
                SetState(ReplicaState.Failed);
                break;
            }
        }
        _pid = 0;
        if (_state != ReplicaState.Failed) SetState(_stopping.IsCancellationRequested ? ReplicaState.Stopped : ReplicaState.Failed);
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not null) _log.Write(_name, e.Data);
    }

    private void SetState(ReplicaState state)
    {
        if (_state == state) return;
        _state = state;
        _onChanged();
    }
}
