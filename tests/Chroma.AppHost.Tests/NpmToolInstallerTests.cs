using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

/// <summary>
/// The installer against a real <c>npm ci</c> of a tool folder whose one dependency is a local package
/// (so it installs offline): concurrent starts must install once, and a half-finished install is redone.
/// </summary>
public sealed class NpmToolInstallerTests : IDisposable
{
    private readonly string _tool = TestEnvironment.CreateDataDirectory();

    public NpmToolInstallerTests()
    {
        string package = Path.Combine(_tool, "pkg");
        Directory.CreateDirectory(package);
        File.WriteAllText(Path.Combine(package, "package.json"), """{"name":"fake-tool","version":"1.0.0","bin":{"fake-tool":"cli.js"}}""");
        File.WriteAllText(Path.Combine(package, "cli.js"), "#!/usr/bin/env node\nconsole.log('ok');\n");
        File.WriteAllText(Path.Combine(_tool, "package.json"), """{"name":"tool","private":true,"dependencies":{"fake-tool":"file:./pkg"}}""");
        File.WriteAllText(Path.Combine(_tool, "package-lock.json"), """
            {
              "name": "tool", "lockfileVersion": 3, "requires": true,
              "packages": {
                "": { "name": "tool", "dependencies": { "fake-tool": "file:./pkg" } },
                "node_modules/fake-tool": { "resolved": "pkg", "link": true },
                "pkg": { "name": "fake-tool", "version": "1.0.0", "bin": { "fake-tool": "cli.js" } }
              }
            }
            """);
    }

    private string Executable => Path.Combine(_tool, "node_modules", ".bin", "fake-tool");

    public void Dispose() => TestEnvironment.DeleteDataDirectory(_tool);

    [Fact]
    public async Task ConcurrentStarts_RunNpmCiOnce()
    {
        var console = new StringWriter();
        using var log = new LogSink(null, TextWriter.Synchronized(console));

        var starts = new Task[4];
        for (int i = 0; i < starts.Length; i++)
        {
            starts[i] = Task.Run(() => NpmToolInstaller.EnsureInstalledAsync("tool", _tool, Executable, log, CancellationToken.None));
        }
        await Task.WhenAll(starts);

        Assert.True(NpmToolInstaller.IsInstalled(_tool, Executable));
        int installs = console.ToString().Split('\n').Count(line => line.Contains("npm ci in", StringComparison.Ordinal));
        Assert.Equal(1, installs);
    }

    [Fact]
    public async Task InstallWithoutNpmsCompletionRecord_IsInstalledAgain()
    {
        using var log = new LogSink(null, null);
        await NpmToolInstaller.EnsureInstalledAsync("tool", _tool, Executable, log, CancellationToken.None);
        string record = Path.Combine(_tool, "node_modules", ".package-lock.json");
        File.Delete(record);
        Assert.False(NpmToolInstaller.IsInstalled(_tool, Executable));

        await NpmToolInstaller.EnsureInstalledAsync("tool", _tool, Executable, log, CancellationToken.None);

        Assert.True(File.Exists(record));
        Assert.True(NpmToolInstaller.IsInstalled(_tool, Executable));
    }

    [Fact]
    public async Task FolderWithoutLockFile_FailsWithAClearError()
    {
        File.Delete(Path.Combine(_tool, "package-lock.json"));
        using var log = new LogSink(null, null);

        var ex = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => NpmToolInstaller.EnsureInstalledAsync("tool", _tool, Executable, log, CancellationToken.None));
        Assert.Contains("no package-lock.json", ex.Message);
    }
}
