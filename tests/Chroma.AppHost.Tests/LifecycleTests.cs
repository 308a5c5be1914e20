using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Shutdown_LeavesNoChild_AndPostgresKeepsRowsAcrossRestart()
    {
        string data = TestEnvironment.CreateDataDirectory();
        string dll = TestEnvironment.TestServiceDll;
        try
        {
            var pids = new List<int>();
            await using (var app = await DistributedApplicationTesting.StartAsync(builder =>
            {
                var db = builder.AddPostgres("pg").AddDatabase("appdb");
                var blobs = builder.AddAzurite("storage").AddBlobs("blobs");
                builder.AddProject("web", dll).WithReplicas(2).WithReference(db).WithReference(blobs).WaitFor(db);
            }, data))
            {
                var pg = app.GetResource<PostgresServerResource>("pg");
                await pg.ExecuteSqlAsync("appdb", "create table kept (id int primary key, name text); insert into kept values (1, 'one'), (2, 'two');");

                foreach (var snapshot in app.GetSnapshots())
                {
                    if (snapshot.Pid != 0) pids.Add(snapshot.Pid);
                }
                Assert.Equal(4, pids.Count); // pg, storage, web-0, web-1
                // Each child leads its own process group, so the group can be signalled as a whole.
                Assert.All(pids, pid => Assert.True(NativeMethods.GroupExists(pid), $"pid {pid} leads no process group"));

                await app.StopAsync();
                Assert.All(app.GetSnapshots(), s => Assert.Equal(ReplicaState.Stopped, s.State));
            }
            foreach (int pid in pids)
            {
                Assert.False(NativeMethods.ProcessExists(pid), $"process {pid} outlived the application");
                Assert.False(NativeMethods.GroupExists(pid), $"a process of group {pid} outlived the application");
            }
            Assert.True(File.Exists(Path.Combine(data, "logs", "web-1.log")));

            // Same data directory: same password, same cluster, same rows.
            await using var again = await DistributedApplicationTesting.StartAsync(builder => builder.AddPostgres("pg").AddDatabase("appdb"), data);
            var restarted = again.GetResource<PostgresServerResource>("pg");
            Assert.Equal("1,one|2,two", (await restarted.ExecuteSqlAsync("appdb", "select string_agg(id || ',' || name, '|' order by id) from kept")));
        }
        finally
        {
            TestEnvironment.DeleteDataDirectory(data);
        }
    }

    [Fact]
    public async Task UnhealthyResource_FailsTheStartNamingIt_AndStopsTheRest()
    {
        string data = TestEnvironment.CreateDataDirectory();
        string dll = TestEnvironment.TestServiceDll;
        try
        {
            var ex = await Assert.ThrowsAsync<DistributedApplicationException>(() => DistributedApplicationTesting.StartAsync(builder =>
            {
                var never = builder.AddProject("never", dll).WithEnvironment("TEST_UNHEALTHY_FOR_MS", "600000");
                builder.AddProject("after", dll).WaitFor(never);
            }, data, options => options.StartupTimeout = TimeSpan.FromSeconds(8)));
            Assert.Contains("'never'", ex.Message);
            Assert.Contains("did not become healthy", ex.Message);
        }
        finally
        {
            TestEnvironment.DeleteDataDirectory(data);
        }
    }
}
