namespace Chroma.AppHost.Hosting;

/// <summary>
/// The testing entry point, shaped like Aspire's DistributedApplicationTestingBuilder: builds the application
/// from the same wiring as Program.cs, with its data in <paramref name="dataDirectory"/>, starts it and returns
/// once every resource is healthy.
/// <code>
/// await using var app = await DistributedApplicationTesting.StartAsync(b => ChromaAppWiring.Configure(b), dir);
/// using var client = app.CreateHttpClient("gateway");
/// </code>
/// </summary>
public static class DistributedApplicationTesting
{
    public static async Task<DistributedApplication> StartAsync(
        Action<DistributedApplicationBuilder> configure,
        string dataDirectory,
        Action<AppHostOptions>? configureOptions = null,
        CancellationToken cancellationToken = default)
    {
        var options = new AppHostOptions
        {
            DataDirectory = Path.GetFullPath(dataDirectory),
            // Tests read logs through GetLogTail and the files under <data>/logs; the console stays quiet.
            Console = null,
            StartupTimeout = TimeSpan.FromSeconds(90),
            StopTimeout = TimeSpan.FromSeconds(10),
        };
        configureOptions?.Invoke(options);
        var builder = DistributedApplication.CreateBuilder(options);
        configure(builder);
        var app = builder.Build();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return app;
    }
}
