using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

/// <summary>
/// One application with every kind of resource, shared by <see cref="RunningAppTests"/>: PostgreSQL + database,
/// Azurite + blobs, a "first" service that is unhealthy for its first 1.5 s, a "second" service with two replicas
/// (HTTP and HTTP/2 endpoints) that references and waits for all of them, and a "caller" that references "second".
/// </summary>
public sealed class RunningAppFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;
    public string DataDirectory { get; } = TestEnvironment.CreateDataDirectory();

    public async Task InitializeAsync()
    {
        string dll = TestEnvironment.TestServiceDll;
        App = await DistributedApplicationTesting.StartAsync(builder =>
        {
            var db = builder.AddPostgres("pg").AddDatabase("chromadb");
            var blobs = builder.AddAzurite("storage").AddBlobs("blobs");
            var first = builder.AddProject("first", dll).WithEnvironment("TEST_UNHEALTHY_FOR_MS", "1500");
            var second = builder.AddProject("second", dll)
                .WithReplicas(2)
                .WithHttpEndpoint("http").WithHttp2Endpoint("grpc")
                .WithReference(db).WithReference(blobs).WithReference(first)
                .WaitFor(first).WaitFor(db).WaitFor(blobs)
                .WithEnvironment("TEST_REQUIRE_HEALTHY_FROM", "services__first__http__0");
            builder.AddProject("caller", dll).WithReference(second).WaitFor(second);
        }, DataDirectory, options => options.AllowReset = true);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        TestEnvironment.DeleteDataDirectory(DataDirectory);
    }
}
