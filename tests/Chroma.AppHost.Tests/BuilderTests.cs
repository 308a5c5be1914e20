using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

public sealed class BuilderTests
{
    private static DistributedApplicationBuilder NewBuilder() =>
        DistributedApplication.CreateBuilder(new AppHostOptions { DataDirectory = Path.GetTempPath(), Console = null });

    [Fact]
    public void WaitForCycle_IsRefusedAtBuild()
    {
        var builder = NewBuilder();
        var a = builder.AddProject("a", "a.csproj");
        var b = builder.AddProject("b", "b.csproj").WaitFor(a);
        a.WaitFor(b);
        var ex = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("WaitFor cycle", ex.Message);
    }

    [Fact]
    public void DuplicateNames_AreRefused()
    {
        var builder = NewBuilder();
        builder.AddPostgres("db");
        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddProject("db", "x.csproj"));
        Assert.Contains("'db'", ex.Message);
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a_b")]
    [InlineData("ab-")]
    [InlineData("")]
    public void InvalidNames_AreRefused(string name)
    {
        Assert.Throws<ArgumentException>(() => NewBuilder().AddProject(name, "x.csproj"));
    }

    [Fact]
    public async Task FixedPortWithReplicas_FailsNamingTheResource()
    {
        var builder = NewBuilder();
        builder.AddProject("web", TestEnvironment.TestServiceDll).WithHttpEndpoint("http", port: 18080).WithReplicas(2);
        await using var app = builder.Build();
        var ex = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync());
        Assert.Contains("'web'", ex.Message);
        Assert.Contains("fixed port", ex.Message);
    }

    [Fact]
    public async Task TwoEndpointsOnOneFixedPort_FailBeforeAnythingStarts()
    {
        var builder = NewBuilder();
        builder.AddProject("first", TestEnvironment.TestServiceDll).WithHttpEndpoint("http", port: 18081);
        builder.AddProject("second", TestEnvironment.TestServiceDll).WithHttpEndpoint("http", port: 18081);
        await using var app = builder.Build();
        var ex = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync());
        Assert.Contains("'second'", ex.Message);
        Assert.Contains("18081", ex.Message);
        Assert.All(app.GetSnapshots(), snapshot => Assert.Equal(0, snapshot.Pid));
    }

    [Fact]
    public void ProjectWithoutEndpoints_GetsDefaultHttpEndpoint()
    {
        var builder = NewBuilder();
        var web = builder.AddProject("web", "web.csproj");
        builder.Build();
        var endpoint = Assert.Single(web.Resource.Endpoints);
        Assert.Equal("http", endpoint.Name);
        Assert.Equal("Http1AndHttp2", endpoint.KestrelProtocols);
    }

    [Fact]
    public void MissingPostgres_SaysHowToInstallIt()
    {
        string empty = TestEnvironment.CreateDataDirectory();
        try
        {
            var ex = Assert.Throws<DistributedApplicationException>(() => PostgresBinaries.Find([empty], Path.Combine(empty, "nope")));
            Assert.Contains("apt-get install postgresql", ex.Message);
        }
        finally
        {
            TestEnvironment.DeleteDataDirectory(empty);
        }
    }

    [Fact]
    public void PostgresBinaries_PreferTheNewestVersionedFolder()
    {
        string root = TestEnvironment.CreateDataDirectory();
        try
        {
            foreach (string version in (string[])["14", "16"])
            {
                string bin = Path.Combine(root, version, "bin");
                Directory.CreateDirectory(bin);
                foreach (string program in (string[])["initdb", "postgres", "pg_isready", "psql"]) File.WriteAllText(Path.Combine(bin, program), "");
            }
            Assert.Equal(Path.Combine(root, "16", "bin"), PostgresBinaries.Find([], root).BinDirectory);
        }
        finally
        {
            TestEnvironment.DeleteDataDirectory(root);
        }
    }
}
