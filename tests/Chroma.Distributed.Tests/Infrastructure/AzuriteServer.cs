using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Chroma.Distributed.Tests.Infrastructure;

/// <summary>
/// A real Azurite blob service from the project's pinned npm package (tools/azurite), in a temp
/// folder, on a free port, shared by every test of this process (each test uses containers of
/// its own). Started on first use, killed when the process exits.
/// </summary>
internal sealed class AzuriteServer : IDisposable
{
    // Azurite's well-known development account (public, documented by Microsoft).
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<AzuriteServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _root;
    private int _containerCounter;

    private AzuriteServer(Process process, StringBuilder log, string root, int port)
    {
        _process = process;
        _log = log;
        _root = root;
        Port = port;
    }

    public static AzuriteServer Shared => SharedServer.Value;

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName};";

    /// <summary>A container name no other test uses (3-63 lowercase letters, digits and dashes).</summary>
    public string NewContainerName() =>
        string.Create(CultureInfo.InvariantCulture, $"test-{Environment.ProcessId}-{Interlocked.Increment(ref _containerCounter)}");

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(30));
        _process.Dispose();
        TestProcess.DeleteDirectory(_root);
    }

    private static AzuriteServer Start()
    {
        string azurite = FindAzuriteBlob();
        string root = Path.Combine(Path.GetTempPath(), "chroma-azurite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        int port = TestProcess.FreePort();
        var log = new StringBuilder();
        Process process = TestProcess.Start(azurite,
        [
            "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--location", root,
        ], log, root);
        var server = new AzuriteServer(process, log, root, port);
        bool ready = false;
        try
        {
            server.WaitUntilReadyAsync().GetAwaiter().GetResult();
            ready = true;
        }
        finally
        {
            if (!ready) server.Dispose();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var uri = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName}?comp=list");
        DateTime deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"azurite-blob exited with {_process.ExitCode}:\n{TestProcess.Snapshot(_log)}");
            try
            {
                // Any HTTP answer (an unauthenticated list is refused) means it is serving.
                using HttpResponseMessage response = await http.GetAsync(uri);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
                // The per-request timeout: try again until the deadline.
            }
        }
    }

    /// <summary>
    /// CHROMA_AZURITE_BLOB if set, else tools/azurite/node_modules/.bin/azurite-blob of this
    /// repository, running <c>npm ci</c> there first when node_modules is missing.
    /// </summary>
    private static string FindAzuriteBlob()
    {
        string? overridden = Environment.GetEnvironmentVariable("CHROMA_AZURITE_BLOB");
        if (!string.IsNullOrEmpty(overridden)) return overridden;

        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string tool = Path.Combine(directory.FullName, "tools", "azurite");
            if (!File.Exists(Path.Combine(tool, "package.json"))) continue;
            string bin = Path.Combine(tool, "node_modules", ".bin", "azurite-blob");
            if (!IsInstalled(tool, bin))
            {
                // The same lock file as the AppHost's installer: concurrent npm ci runs in one folder
                // (say, dotnet test of the whole solution) delete each other's files.
                using FileStream installLock = AcquireInstallLock(Path.Combine(tool, ".install.lock"));
                if (!IsInstalled(tool, bin)) TestProcess.Run("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), tool);
            }

            return bin;
        }

        throw new InvalidOperationException(
            "tools/azurite/package.json not found above " + AppContext.BaseDirectory + "; set CHROMA_AZURITE_BLOB to an azurite-blob executable.");
    }

    /// <summary>npm writes node_modules/.package-lock.json once an install has finished; a bin link alone may be a broken install.</summary>
    private static bool IsInstalled(string tool, string bin) =>
        File.Exists(bin) && File.Exists(Path.Combine(tool, "node_modules", ".package-lock.json"));

    private static FileStream AcquireInstallLock(string path)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }
}
