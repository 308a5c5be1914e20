using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace Chroma.Api.Tests.Infrastructure;

/// <summary>
/// The single-node host (Chroma.Gateway) as a real child process on a loopback port: started
/// with a data directory, health-gated on /api/v2/heartbeat, output captured, stoppable
/// gracefully (SIGTERM) or brutally (SIGKILL), restartable on the same data directory.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private const int MaxStartAttempts = 3;
    private const int SigTerm = 15;

    private readonly string _dllPath;
    private readonly bool _allowReset;
    private readonly List<string> _log = new();
    private readonly object _logLock = new();
    private Process? _process;
    private HttpClient? _client;

    public GatewayProcess(string dataDirectory, bool allowReset, string? dllPath = null)
    {
        DataDirectory = dataDirectory;
        _allowReset = allowReset;
        _dllPath = dllPath ?? GatewayLocator.FindGatewayDll();
    }

    public string DataDirectory { get; }

    /// <summary>Arguments appended to the command line (e.g. <c>--auth</c>); set before starting.</summary>
    public List<string> ExtraArguments { get; } = new();

    /// <summary>Environment of the child (e.g. <c>Chroma__Quotas__MaxDimension</c>); set before starting.</summary>
    public Dictionary<string, string> ExtraEnvironment { get; } = new();

    public bool AllowsReset => _allowReset;

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => _process is { HasExited: false };

    public int? ProcessId => _process?.Id;

    /// <summary>Client bound to the current process; replaced on every start (the port changes).</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The server is not started.");

    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_logLock)
            {
                return _log.ToArray();
            }
        }
    }

    public string LogTail(int lines = 80)
    {
        lock (_logLock)
        {
            return string.Join('\n', _log.Skip(Math.Max(0, _log.Count - lines)));
        }
    }

    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        for (int attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            AppendLog($"[fixture] starting {_dllPath} on port {Port}, data {DataDirectory} (attempt {attempt})");
            _process = Process.Start(CreateStartInfo()) ?? throw new InvalidOperationException("Process.Start returned null.");
            _process.OutputDataReceived += (_, e) => AppendLog(e.Data);
            _process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            _client?.Dispose();
            _client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

            if (await WaitForHeartbeatAsync().ConfigureAwait(false))
            {
                return;
            }

            // The process died before answering: most likely the port was taken between
            // FreePort.Next and the bind. Retry on another port, then give up loudly.
            if (attempt >= MaxStartAttempts)
            {
                throw new InvalidOperationException(
                    $"Chroma.Gateway exited with code {_process.ExitCode} before it was healthy.\n{LogTail()}");
            }
        }
    }

    /// <summary>SIGTERM and wait for exit: the host's graceful shutdown path.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || SendSignal(_process.Id, SigTerm) != 0)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            AppendLog("[fixture] graceful stop timed out; killing");
            await KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to flush or clean up (crash simulation).</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        AppendLog($"[fixture] SIGKILL pid {_process.Id}");
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>Stops (gracefully unless <paramref name="kill"/>) and starts again on the same data directory.</summary>
    public async Task RestartAsync(bool kill = false)
    {
        if (kill)
        {
            await KillAsync().ConfigureAwait(false);
        }
        else
        {
            await StopAsync().ConfigureAwait(false);
        }

        await StartAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process?.Dispose();
        _client?.Dispose();
    }

    private ProcessStartInfo CreateStartInfo()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            // `dotnet X.dll` takes its content root from the working directory.
            WorkingDirectory = Path.GetDirectoryName(_dllPath)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        info.ArgumentList.Add(_dllPath);
        info.ArgumentList.Add("--path");
        info.ArgumentList.Add(DataDirectory);
        info.ArgumentList.Add("--host");
        info.ArgumentList.Add("127.0.0.1");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_allowReset)
        {
            info.ArgumentList.Add("--allow-reset");
        }

        foreach (string argument in ExtraArguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in ExtraEnvironment)
        {
            info.Environment[name] = value;
        }

        // The test runner's own ASP.NET settings must not leak into the child.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        info.Environment.Remove("DOTNET_URLS");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        return info;
    }

    private async Task<bool> WaitForHeartbeatAsync()
    {
        DateTime deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                return false;
            }

            try
            {
                using HttpResponseMessage response = await Client.GetAsync("/api/v2/heartbeat").ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        await KillAsync().ConfigureAwait(false);
        throw new TimeoutException($"Chroma.Gateway did not answer /api/v2/heartbeat within {StartTimeout.TotalSeconds} s.\n{LogTail()}");
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.Add(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
