using System.Text.Json.Nodes;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// Azure Storage emulated by Azurite's blob service, run from the npm package pinned in tools/azurite
/// (<c>npm ci</c> there on first use). Its folder under the data directory keeps the blobs across starts.
/// Healthy once the blob endpoint answers HTTP at all (an unauthenticated request gets 403, which is an answer).
/// </summary>
public sealed class AzuriteResource : Resource
{
    /// <summary>Azurite's fixed development account (public, documented by Microsoft).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    internal AzuriteResource(string name) : base(name) { }

    public string? DataDirectory { get; internal set; }

    public int BlobPort { get; private set; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    internal override IReadOnlyList<string> DescribeEndpoints(int replica) => BlobPort == 0 ? [] : ["blob=" + BlobEndpoint];

    internal override void Prepare(RunContext context)
    {
        DataDirectory = Path.GetFullPath(DataDirectory ?? Path.Combine(context.Options.DataDirectory, Name));
        BlobPort = context.Ports.Allocate();
        Replicas = [new ResourceReplica(this, 0, Name)];
    }

    internal override async Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        string toolDirectory = RepositoryLayout.AzuriteDirectory(context.Options);
        string executable = Path.Combine(toolDirectory, "node_modules", ".bin", "azurite-blob");
        await NpmToolInstaller.EnsureInstalledAsync(Name, toolDirectory, executable, context.Log, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(DataDirectory!);
        var spec = new ProcessSpec
        {
            FileName = executable,
            Arguments = ["--skipApiVersionCheck", "--disableTelemetry", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--location", DataDirectory!],
            WorkingDirectory = DataDirectory!,
        };
        var replica = Replicas[0];
        replica.Process = new ManagedProcess(replica.Name, spec, context.Log, context.OnChanged);
        replica.Process.Start();
    }

    internal override async Task<bool> ProbeAsync(RunContext context, int replica, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await context.ProbeClient.GetAsync(BlobEndpoint + "?comp=list", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal override void WriteManifest(ManifestWriter manifest) =>
        manifest.AddResource(Name, new JsonObject
        {
            ["type"] = "container.v0",
            ["image"] = "mcr.microsoft.com/azure-storage/azurite:3.37.0",
            ["volumes"] = new JsonArray(new JsonObject
            {
                ["name"] = $"chroma-{Name}-data",
                ["target"] = "/data",
                ["readOnly"] = false,
            }),
            ["bindings"] = new JsonObject
            {
                ["blob"] = new JsonObject { ["scheme"] = "http", ["protocol"] = "tcp", ["transport"] = "http", ["targetPort"] = 10000 },
                ["queue"] = new JsonObject { ["scheme"] = "http", ["protocol"] = "tcp", ["transport"] = "http", ["targetPort"] = 10001 },
                ["table"] = new JsonObject { ["scheme"] = "http", ["protocol"] = "tcp", ["transport"] = "http", ["targetPort"] = 10002 },
            },
        });
}
