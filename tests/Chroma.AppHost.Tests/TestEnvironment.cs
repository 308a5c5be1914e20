using System.Net.Http.Json;
using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

/// <summary>Paths and waits shared by the tests.</summary>
internal static class TestEnvironment
{
    /// <summary>The test service dll, built next to this assembly by the ProjectReference (artifacts layout).</summary>
    public static string TestServiceDll
    {
        get
        {
            // artifacts/bin/Chroma.AppHost.Tests/<config>/ -> artifacts/bin/Chroma.AppHost.TestService/<config>/
            string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            string dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Chroma.AppHost.TestService", configuration, "Chroma.AppHost.TestService.dll"));
            Assert.True(File.Exists(dll), $"The test service was not built: {dll}");
            return dll;
        }
    }

    /// <summary>
    /// A fresh folder under /tmp. Not Directory.CreateTempSubdirectory: its mode 0700 would keep the postgres
    /// user (PostgreSQL runs as that user when the tests run as root) out of the data directory inside it.
    /// </summary>
    public static string CreateDataDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "chroma-apphost-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteDataDirectory(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    public static async Task<Dictionary<string, string>> GetEnvAsync(DistributedApplication app, string resource, int replica = 0)
    {
        using var client = app.CreateHttpClient(resource, "http", replica);
        return (await client.GetFromJsonAsync<Dictionary<string, string>>("/env"))!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
