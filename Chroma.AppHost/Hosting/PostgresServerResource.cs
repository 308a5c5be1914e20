using System.Text.Json.Nodes;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// A PostgreSQL server run from the machine's binaries. The data directory is initialised once with initdb
/// (password authentication over TCP, the password kept beside it so a restart on the same data finds the same
/// credentials), then postmaster listens on 127.0.0.1 only, without a unix socket. PostgreSQL refuses to run as
/// root, so as root every server program runs as the postgres user through setpriv, and the data directory is
/// owned by that user. It stops on SIGINT (fast shutdown: aborts transactions, writes a checkpoint).
/// </summary>
public sealed class PostgresServerResource : Resource, IResourceWithConnectionString
{
    public const string UserName = "postgres";
    private const string SystemUser = "postgres";

    internal PostgresServerResource(string name) : base(name) { }

    /// <summary>PGDATA; defaults to &lt;data&gt;/&lt;name&gt; under the application's data directory.</summary>
    public string? DataDirectory { get; internal set; }

    /// <summary>Explicit password; when null one is generated on first start and stored next to the data directory.</summary>
    public string? Password { get; internal set; }

    public int Port { get; private set; }

    public string ConnectionStringExpression =>
        $"Host={{{Name}.bindings.tcp.host}};Port={{{Name}.bindings.tcp.port}};Username={UserName};Password={{{PasswordParameterName}.value}}";

    internal string PasswordParameterName => Name + "-password";

    public string GetConnectionString() => $"Host=127.0.0.1;Port={Port};Username={UserName};Password={Password}";

    internal PostgresBinaries? Binaries { get; private set; }

    internal override IReadOnlyList<string> DescribeEndpoints(int replica) => Port == 0 ? [] : [$"tcp://127.0.0.1:{Port}"];

    internal override void Prepare(RunContext context)
    {
        DataDirectory = Path.GetFullPath(DataDirectory ?? Path.Combine(context.Options.DataDirectory, Name));
        Port = context.Ports.Allocate();
        // Letters and digits only (ParameterResource's alphabet): the password goes into connection strings unquoted.
        Password ??= ParameterResource.LoadOrGenerate(DataDirectory + ".password", 22);
        Replicas = [new ResourceReplica(this, 0, Name)];
    }

    internal override async Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        var binaries = Binaries = PostgresBinaries.Find();
        string dataDirectory = DataDirectory!;
        bool asRoot = NativeMethods.IsRoot;
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
            await InitializeAsync(context, binaries, dataDirectory, asRoot, cancellationToken).ConfigureAwait(false);
        else if (asRoot)
            await ChownAsync(dataDirectory, cancellationToken).ConfigureAwait(false);

        var spec = new ProcessSpec
        {
            FileName = asRoot ? "setpriv" : binaries.Postgres,
            Arguments = [.. RunAsPostgres(asRoot), .. (asRoot ? (string[])[binaries.Postgres] : []),
                "-D", dataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
            WorkingDirectory = dataDirectory,
            StopSignal = NativeMethods.SigInt,
        };
        var replica = Replicas[0];
        replica.Process = new ManagedProcess(replica.Name, spec, context.Log, context.OnChanged);
        replica.Process.Start();
    }

    internal override async Task<bool> ProbeAsync(RunContext context, int replica, CancellationToken cancellationToken)
    {
        if (Binaries is null) return false;
        // pg_isready exits 0 only once the server accepts connections (not while it starts or recovers).
        var result = await ToolRunner.RunAsync(Binaries.PgIsReady,
            ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", UserName, "-d", "postgres", "-t", "2"],
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>Runs a SQL command through psql over TCP with the server's password; returns unaligned tuples-only output.</summary>
    public async Task<string> ExecuteSqlAsync(string database, string sql, CancellationToken cancellationToken = default)
    {
        var binaries = Binaries ?? PostgresBinaries.Find();
        var result = await ToolRunner.RunAsync(binaries.Psql,
            ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", UserName, "-d", database,
             "-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A", "-c", sql],
            cancellationToken, environment: new Dictionary<string, string> { ["PGPASSWORD"] = Password!, ["PGCONNECT_TIMEOUT"] = "5" })
            .ConfigureAwait(false);
        if (!result.Succeeded)
            throw new DistributedApplicationException($"Resource '{Name}': psql on database '{database}' failed (exit {result.ExitCode}): {result.Output.Trim()}");
        return result.Output.Trim();
    }

    internal override void WriteManifest(ManifestWriter manifest)
    {
        manifest.AddResource(PasswordParameterName, new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = $"{{{PasswordParameterName}.inputs.value}}",
            ["inputs"] = new JsonObject
            {
                ["value"] = new JsonObject
                {
                    ["type"] = "string",
                    ["secret"] = true,
                    ["default"] = new JsonObject { ["generate"] = new JsonObject { ["minLength"] = 22 } },
                },
            },
        });
        manifest.AddResource(Name, new JsonObject
        {
            ["type"] = "container.v0",
            ["connectionString"] = ConnectionStringExpression,
            ["image"] = "docker.io/library/postgres:17",
            ["env"] = new JsonObject
            {
                ["POSTGRES_HOST_AUTH_METHOD"] = "scram-sha-256",
                ["POSTGRES_INITDB_ARGS"] = "--auth-host=scram-sha-256 --auth-local=scram-sha-256",
                ["POSTGRES_USER"] = UserName,
                ["POSTGRES_PASSWORD"] = $"{{{PasswordParameterName}.value}}",
            },
            ["volumes"] = new JsonArray(new JsonObject
            {
                ["name"] = $"chroma-{Name}-data",
                ["target"] = "/var/lib/postgresql/data",
                ["readOnly"] = false,
            }),
            ["bindings"] = new JsonObject
            {
                ["tcp"] = new JsonObject { ["scheme"] = "tcp", ["protocol"] = "tcp", ["transport"] = "tcp", ["targetPort"] = 5432 },
            },
        });
    }

    private async Task InitializeAsync(RunContext context, PostgresBinaries binaries, string dataDirectory, bool asRoot, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        // initdb reads the password from a file; it must be readable by the user initdb runs as, and never stays.
        string passwordFile = Path.Combine(Path.GetTempPath(), $"chroma-pg-{Guid.NewGuid():N}.pw");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken).ConfigureAwait(false);
        try
        {
            if (asRoot)
            {
                await ChownAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
                await ChownAsync(passwordFile, cancellationToken).ConfigureAwait(false);
            }
            context.Log.WriteHost($"[{Name}] initdb {dataDirectory}");
            string[] initdb = ["-D", dataDirectory, "-U", UserName, "--pwfile=" + passwordFile,
                "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C"];
            var result = await ToolRunner.RunAsync(asRoot ? "setpriv" : binaries.InitDb,
                [.. RunAsPostgres(asRoot), .. (asRoot ? (string[])[binaries.InitDb] : []), .. initdb],
                cancellationToken, workingDirectory: dataDirectory).ConfigureAwait(false);
            if (!result.Succeeded)
                throw new DistributedApplicationException($"Resource '{Name}': initdb of '{dataDirectory}' failed (exit {result.ExitCode}): {result.Output.Trim()}");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync("chown", ["-R", $"{SystemUser}:{SystemUser}", path], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new DistributedApplicationException($"Resource '{Name}': cannot give '{path}' to the '{SystemUser}' user (is there one? 'apt-get install postgresql' creates it): {result.Output.Trim()}");
    }

    private static string[] RunAsPostgres(bool asRoot) =>
        asRoot ? [$"--reuid={SystemUser}", $"--regid={SystemUser}", "--init-groups"] : [];
}
