using System.Net;
using Chroma.Core;
using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Chroma.Core.Log;
using Chroma.Distributed.Client;
using Chroma.Distributed.Log;
using Chroma.Distributed.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chroma.Distributed.Tests;

/// <summary>
/// The three services in process on Kestrel (127.0.0.1, a free port, HTTP/2 only), backed by a
/// real local engine (catalog + reader) and a separate file log; plus the client side wired the
/// way a distributed host wires it: <c>AddChroma*Client</c> with the address in
/// <c>services:{name}:grpc:0</c>.
/// </summary>
public sealed class GrpcServiceHost : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly WebApplication _app;
    private readonly ServiceProvider _clients;

    private GrpcServiceHost(TempDirectory dir, ChromaEngine engine, FileWriteAheadLog log, WebApplication app, ServiceProvider clients, Uri address)
    {
        _dir = dir;
        Engine = engine;
        Log = log;
        _app = app;
        _clients = clients;
        Address = address;
    }

    public ChromaEngine Engine { get; }
    public FileWriteAheadLog Log { get; }
    public Uri Address { get; }

    public ICatalog RemoteCatalog => _clients.GetRequiredService<ICatalog>();
    public IWriteAheadLog RemoteLog => _clients.GetRequiredService<IWriteAheadLog>();
    public ILogCompactionSource RemoteCompaction => _clients.GetRequiredService<ILogCompactionSource>();
    public IRecordReader RemoteReader => _clients.GetRequiredService<IRecordReader>();

    public static async Task<GrpcServiceHost> StartAsync(ILogCompactionSource? compaction = null)
    {
        var dir = new TempDirectory();
        ChromaEngine engine = await ChromaEngine.OpenAsync(new ChromaEngineOptions
        {
            Path = Path.Combine(dir.Path, "engine"),
            AllowReset = true,
            BackgroundCompaction = false,
        });
        var log = new FileWriteAheadLog(Path.Combine(dir.Path, "log"));

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(engine.Catalog);
        builder.Services.AddSingleton(engine.Reader);
        builder.Services.AddSingleton<IWriteAheadLog>(log);
        if (compaction is not null) builder.Services.AddSingleton(compaction);
        builder.Services.AddChromaGrpc();
        WebApplication app = builder.Build();
        app.MapChromaSysDbGrpc();
        app.MapChromaLogGrpc();
        app.MapChromaQueryGrpc();
        await app.StartAsync();

        string bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var address = new Uri(bound);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [ChromaServiceAddress.ConfigurationKey("sysdb")] = bound,
                [ChromaServiceAddress.ConfigurationKey("log")] = bound,
                [ChromaServiceAddress.ConfigurationKey("query")] = bound,
            })
            .Build());
        services.AddChromaSysDbClient().AddChromaLogClient().AddChromaQueryClient();
        ServiceProvider clients = services.BuildServiceProvider();
        return new GrpcServiceHost(dir, engine, log, app, clients, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Log.Dispose();
        await Engine.DisposeAsync();
        _dir.Dispose();
    }
}
