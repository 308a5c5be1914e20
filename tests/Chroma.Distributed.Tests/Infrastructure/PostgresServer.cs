using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Chroma.Distributed.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server from the machine's binaries, in a temp folder, on a free port, shared
/// by every test of this process (each test gets databases of its own). Started on first use,
/// stopped with SIGINT when the process exits.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<PostgresServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _root;
    private int _databaseCounter;

    private PostgresServer(Process process, StringBuilder log, string root, int port)
    {
        _process = process;
        _log = log;
        _root = root;
        Port = port;
    }

    public static PostgresServer Shared => SharedServer.Value;

    public int Port { get; }

    /// <summary>Connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // More racing clients than the default pool in the concurrency tests.
        MaxPoolSize = 50,
    }.ConnectionString;

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public string CreateDatabase()
    {
        string name = $"chroma_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        create.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Drops the database behind <paramref name="connectionString"/>, closing its remaining sessions.</summary>
    public void DropDatabase(string connectionString)
    {
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", connection);
        drop.ExecuteNonQuery();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        TestProcess.Interrupt(_process, TimeSpan.FromSeconds(30));
        _process.Dispose();
        TestProcess.DeleteDirectory(_root);
    }

    private static PostgresServer Start()
    {
        string bin = FindBinaries();
        string root = Path.Combine(Path.GetTempPath(), "chroma-pg-tests", Guid.NewGuid().ToString("N"));
        string data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        if (Environment.IsPrivilegedProcess)
        {
            // initdb and postgres run as the postgres user, which must own the folder.
            TestProcess.Run("chown", ["-R", "postgres:postgres", root], TimeSpan.FromSeconds(30));
        }

        (string initdb, List<string> initArgs) = TestProcess.AsPostgresUser(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        TestProcess.Run(initdb, initArgs, StartTimeout);

        int port = TestProcess.FreePort();
        // Durability settings off: a test server's data dies with it, and fsyncs would dominate.
        (string postgres, List<string> args) = TestProcess.AsPostgresUser(Path.Combine(bin, "postgres"),
        [
            "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={root}",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300",
        ]);
        var log = new StringBuilder();
        Process process = TestProcess.Start(postgres, args, log);
        var server = new PostgresServer(process, log, root, port);
        bool ready = false;
        try
        {
            server.WaitUntilReady();
            ready = true;
        }
        finally
        {
            if (!ready) server.Dispose();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    private void WaitUntilReady()
    {
        DateTime deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"postgres exited with {_process.ExitCode}:\n{TestProcess.Snapshot(_log)}");
            try
            {
                using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                connection.Open();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // Not accepting connections yet (or still starting up): poll again shortly.
                Thread.Sleep(100);
            }
        }
    }

    private static string FindBinaries()
    {
        string? overridden = Environment.GetEnvironmentVariable("CHROMA_PG_BIN");
        if (!string.IsNullOrEmpty(overridden)) return overridden;

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            // Highest major version first.
            string[] versions = Directory.GetDirectories(debianRoot);
            Array.Sort(versions, (a, b) => CompareVersion(Path.GetFileName(b), Path.GetFileName(a)));
            foreach (string version in versions)
            {
                string bin = Path.Combine(version, "bin");
                if (File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb"))) return bin;
            }
        }

        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (directory.Length > 0 && File.Exists(Path.Combine(directory, "postgres")) && File.Exists(Path.Combine(directory, "initdb"))) return directory;
        }

        throw new InvalidOperationException("PostgreSQL binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin or PATH; install postgresql or set CHROMA_PG_BIN.");
    }

    private static int CompareVersion(string a, string b) =>
        decimal.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, out decimal x) && decimal.TryParse(b, System.Globalization.CultureInfo.InvariantCulture, out decimal y)
            ? x.CompareTo(y)
            : string.CompareOrdinal(a, b);
}
