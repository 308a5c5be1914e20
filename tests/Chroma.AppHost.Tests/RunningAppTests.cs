using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

public sealed class RunningAppTests(RunningAppFixture fixture) : IClassFixture<RunningAppFixture>
{
    private DistributedApplication App => fixture.App;

    [Fact]
    public async Task Project_ReceivesAspireConnectionStringsAndServiceEndpoints()
    {
        for (int replica = 0; replica < 2; replica++)
        {
            var env = await TestEnvironment.GetEnvAsync(App, "second", replica);
            var pg = App.GetResource<PostgresServerResource>("pg");

            Assert.Equal($"Host=127.0.0.1;Port={pg.Port};Username=postgres;Password={pg.Password};Database=chromadb", env["ConnectionStrings__chromadb"]);
            Assert.Equal(App.GetConnectionString("chromadb"), env["ConnectionStrings__chromadb"]);
            var storage = App.GetResource<AzuriteResource>("storage");
            Assert.Equal(
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteResource.AccountKey};BlobEndpoint=http://127.0.0.1:{storage.BlobPort}/devstoreaccount1;",
                env["ConnectionStrings__blobs"]);
            Assert.Equal(App.GetEndpoint("first").ToString().TrimEnd('/'), env["services__first__http__0"]);
            Assert.False(env.ContainsKey("ConnectionStrings__storage"));

            Assert.Equal(App.GetEndpoint("second", "http", replica).ToString().TrimEnd('/'), env["Kestrel__Endpoints__http__Url"]);
            Assert.Equal("Http1AndHttp2", env["Kestrel__Endpoints__http__Protocols"]);
            Assert.Equal("Http2", env["Kestrel__Endpoints__grpc__Protocols"]);
            Assert.Equal("second", env["OTEL_SERVICE_NAME"]);
            Assert.StartsWith($"service.instance.id=second-{replica}-", env["OTEL_RESOURCE_ATTRIBUTES"]);
            Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
            Assert.Equal("true", env["ALLOW_RESET"]);
            Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
            // dotnet X.dll takes its content root from the working directory: it must be the dll's folder.
            Assert.Equal(Path.GetDirectoryName(TestEnvironment.TestServiceDll), env["TEST_CWD"]);
        }
    }

    [Fact]
    public async Task Reference_ToReplicatedProject_ListsEveryReplicaAndEndpoint()
    {
        var env = await TestEnvironment.GetEnvAsync(App, "caller");
        for (int replica = 0; replica < 2; replica++)
        {
            Assert.Equal(App.GetEndpoint("second", "http", replica).ToString().TrimEnd('/'), env[$"services__second__http__{replica}"]);
            Assert.Equal(App.GetEndpoint("second", "grpc", replica).ToString().TrimEnd('/'), env[$"services__second__grpc__{replica}"]);
        }
        Assert.False(env.ContainsKey("services__second__http__2"));
        Assert.False(env.ContainsKey("ConnectionStrings__chromadb"));
        var a = await TestEnvironment.GetEnvAsync(App, "second", 0);
        var b = await TestEnvironment.GetEnvAsync(App, "second", 1);
        Assert.NotEqual(a["OTEL_RESOURCE_ATTRIBUTES"], b["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Fact]
    public async Task WaitFor_StartsDependentOnlyAfterDependencyIsHealthy()
    {
        // "first" answers 503 for 1.5 s after its start; "second" asked it once at its own start.
        for (int replica = 0; replica < 2; replica++)
        {
            var env = await TestEnvironment.GetEnvAsync(App, "second", replica);
            Assert.Equal("true", env["TEST_DEPENDENCY_WAS_HEALTHY"]);
        }
        Assert.All(App.GetSnapshots(), s => Assert.Equal(ReplicaState.Running, s.State));
    }

    [Fact]
    public async Task Http2Endpoint_ServesCleartextHttp2()
    {
        using var client = App.CreateHttpClient("second", "grpc");
        using var response = await client.GetAsync("/health");
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(new Version(2, 0), response.Version);
    }

    [Fact]
    public async Task Postgres_DatabaseExistsAndAnswers()
    {
        var pg = App.GetResource<PostgresServerResource>("pg");
        Assert.Equal("1", await pg.ExecuteSqlAsync("chromadb", "select 1"));
        Assert.Equal("chromadb", await pg.ExecuteSqlAsync("chromadb", "select current_database()"));
    }

    [Fact]
    public async Task Azurite_AnswersOnItsBlobEndpoint()
    {
        var storage = App.GetResource<AzuriteResource>("storage");
        using var client = new HttpClient();
        using var response = await client.GetAsync(storage.BlobEndpoint + "?comp=list");
        // Anonymous listing is refused with Azure's own error: the emulator answered.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(response.Headers.Contains("x-ms-request-id"));
    }

    [Fact]
    public async Task KilledProcess_IsRestartedOnTheSamePorts()
    {
        // "caller" is used by no other test of this class, so killing it disturbs none of them.
        var before = App.GetSnapshot("caller");
        int oldPid = int.Parse((await TestEnvironment.GetEnvAsync(App, "caller"))["TEST_PID"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(before.Pid, oldPid);

        await App.KillAsync("caller");
        await TestEnvironment.WaitUntilAsync(() => Task.FromResult(App.GetSnapshot("caller").RestartCount == 1 && App.GetSnapshot("caller").Pid != oldPid),
            TimeSpan.FromSeconds(30), "the killed replica to be restarted");
        await App.WaitForHealthyAsync("caller", TimeSpan.FromSeconds(60));

        var env = await TestEnvironment.GetEnvAsync(App, "caller");
        Assert.NotEqual(oldPid.ToString(System.Globalization.CultureInfo.InvariantCulture), env["TEST_PID"]);
        Assert.False(NativeMethods.ProcessExists(oldPid));
        Assert.Equal(ReplicaState.Running, App.GetSnapshot("caller").State);
    }
}
