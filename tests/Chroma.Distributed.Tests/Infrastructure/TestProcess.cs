using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Chroma.Distributed.Tests.Infrastructure;

/// <summary>Starting, watching and stopping the server processes the integration tests run.</summary>
internal static class TestProcess
{
    /// <summary>A port nobody listens on right now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <paramref name="fileName"/>; its output goes to <paramref name="log"/>.</summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, StringBuilder log, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {fileName}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs to completion within <paramref name="timeout"/>; throws with the output when it fails.</summary>
    public static void Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var log = new StringBuilder();
        using Process process = Start(fileName, arguments, log, workingDirectory);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}:\n{Snapshot(log)}");
        }

        process.WaitForExit(); // drains the redirected output
        if (process.ExitCode != 0) throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}:\n{Snapshot(log)}");
    }

    /// <summary>Sends SIGINT (PostgreSQL's "fast shutdown"); waits, then kills if it is still running.</summary>
    public static void Interrupt(Process process, TimeSpan timeout)
    {
        if (process.HasExited) return;
        // kill(1) rather than a P/Invoke: the same on every libc, and it works across the setpriv uid switch as root.
        bool signalled = RunQuietly("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout);
        if (!signalled || !process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(timeout);
        }
    }

    /// <summary>
    /// Deletes a server's temp folder, retrying briefly: files its last child processes were
    /// still closing can make the first pass fail. A folder left behind is harmless, so this never throws.
    /// </summary>
    public static void DeleteDirectory(string path)
    {
        for (int attempt = 0; attempt < 20 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(50);
            }
        }
    }

    public static string Snapshot(StringBuilder log)
    {
        lock (log) return log.ToString();
    }

    /// <summary>Runs <paramref name="fileName"/> as the postgres user when this process is root (PostgreSQL refuses to run as root).</summary>
    public static (string FileName, List<string> Arguments) AsPostgresUser(string fileName, IEnumerable<string> arguments)
    {
        var list = new List<string>(arguments);
        if (!Environment.IsPrivilegedProcess) return (fileName, list);
        list.InsertRange(0, ["--reuid=postgres", "--regid=postgres", "--init-groups", fileName]);
        return ("setpriv", list);
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null) return;
        lock (log) log.AppendLine(line);
    }

    private static bool RunQuietly(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var log = new StringBuilder();
        using Process process = Start(fileName, arguments, log);
        return process.WaitForExit(timeout) && process.ExitCode == 0;
    }
}
