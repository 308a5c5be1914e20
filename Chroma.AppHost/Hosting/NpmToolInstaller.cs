namespace Chroma.AppHost.Hosting;

/// <summary>
/// Installs an npm tool folder (<c>npm ci</c> from its package-lock.json) once, even when several
/// AppHosts in one or more processes start it at the same moment: two <c>npm ci</c> runs in one folder
/// delete each other's files and leave node_modules empty, so installs are serialised by an exclusive
/// lock file and the check is repeated under the lock.
/// </summary>
internal static class NpmToolInstaller
{
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// npm writes node_modules/.package-lock.json when an install has finished; an interrupted one
    /// (killed, or raced) lacks it and is installed again rather than trusted because a bin link exists.
    /// </summary>
    public static bool IsInstalled(string toolDirectory, string executable) =>
        File.Exists(executable) && File.Exists(Path.Combine(toolDirectory, "node_modules", ".package-lock.json"));

    public static async Task EnsureInstalledAsync(string resourceName, string toolDirectory, string executable,
        LogSink log, CancellationToken cancellationToken)
    {
        if (IsInstalled(toolDirectory, executable)) return;
        if (!File.Exists(Path.Combine(toolDirectory, "package-lock.json")))
            throw new DistributedApplicationException($"Resource '{resourceName}': '{toolDirectory}' has no package-lock.json to install from.");

        await using FileStream installLock = await AcquireLockAsync(Path.Combine(toolDirectory, ".install.lock"), cancellationToken).ConfigureAwait(false);
        if (IsInstalled(toolDirectory, executable)) return;

        log.WriteHost($"[{resourceName}] npm ci in {toolDirectory}");
        var install = await ToolRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], cancellationToken, workingDirectory: toolDirectory).ConfigureAwait(false);
        if (!install.Succeeded || !IsInstalled(toolDirectory, executable))
            throw new DistributedApplicationException(
                $"Resource '{resourceName}': 'npm ci' in '{toolDirectory}' failed (exit {install.ExitCode}); it needs node and npm: {install.Output.Trim()}");
    }

    /// <summary>FileShare.None is an flock on Unix: exclusive across processes and across handles in this one.</summary>
    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
