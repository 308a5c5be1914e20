using System.Collections.Concurrent;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// Where the children's output goes: the console with the replica name in front (<c>[query-1] ...</c>), one log
/// file per replica under the data directory, and a short in-memory tail per replica so that an error about a
/// resource can quote its last lines.
/// </summary>
public sealed class LogSink : IDisposable
{
    private const int TailLines = 40;
    private readonly Lock _consoleLock = new();
    private readonly ConcurrentDictionary<string, ReplicaLog> _logs = new(StringComparer.Ordinal);
    private readonly string? _logDirectory;
    private readonly TextWriter? _console;

    /// <param name="logDirectory">Folder for per-replica log files; null keeps no files.</param>
    /// <param name="console">Where prefixed lines are echoed; null echoes nothing (tests).</param>
    public LogSink(string? logDirectory, TextWriter? console)
    {
        _logDirectory = logDirectory;
        _console = console;
        if (logDirectory is not null) Directory.CreateDirectory(logDirectory);
    }

    public void Write(string replicaName, string line)
    {
        var log = _logs.GetOrAdd(replicaName, CreateLog);
        log.Append(line);
        if (_console is not null)
        {
            lock (_consoleLock) _console.WriteLine($"[{replicaName}] {line}");
        }
    }

    /// <summary>Writes a line of the host itself (resource table, restarts, errors).</summary>
    public void WriteHost(string line)
    {
        if (_console is null) return;
        lock (_consoleLock) _console.WriteLine(line);
    }

    /// <summary>The last lines a replica printed, oldest first.</summary>
    public IReadOnlyList<string> Tail(string replicaName) =>
        _logs.TryGetValue(replicaName, out var log) ? log.Tail() : [];

    public void Dispose()
    {
        foreach (var log in _logs.Values) log.Dispose();
        _logs.Clear();
    }

    private ReplicaLog CreateLog(string replicaName) =>
        new(_logDirectory is null ? null : Path.Combine(_logDirectory, replicaName + ".log"));

    private sealed class ReplicaLog(string? path) : IDisposable
    {
        private readonly Queue<string> _tail = new();
        private readonly StreamWriter? _file = path is null ? null : new StreamWriter(path, append: true) { AutoFlush = true };
        private bool _disposed;

        public void Append(string line)
        {
            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > TailLines) _tail.Dequeue();
                // A line can still arrive from a pipe after the sink is disposed; the tail keeps it, the file not.
                if (!_disposed) _file?.WriteLine(line);
            }
        }

        public IReadOnlyList<string> Tail()
        {
            lock (_tail) return [.. _tail];
        }

        public void Dispose()
        {
            lock (_tail)
            {
                _disposed = true;
                _file?.Dispose();
            }
        }
    }
}
