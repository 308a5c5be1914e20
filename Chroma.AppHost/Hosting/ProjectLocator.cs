namespace Chroma.AppHost.Hosting;

/// <summary>
/// Finds the dll a project resource runs and builds the project when that dll is missing or older than its
/// sources. With UseArtifactsOutput the dll is artifacts/bin/&lt;Project&gt;/&lt;config&gt;/&lt;Project&gt;.dll under the
/// repository; a classic layout (bin/&lt;Config&gt;/net10.0/) is accepted too. Only the project's own folder is
/// checked for staleness: callers that change a referenced library should build the solution first.
/// </summary>
internal static class ProjectLocator
{
    private static readonly HashSet<string> s_sourceExtensions = new([".cs", ".csproj", ".json", ".props", ".proto"], StringComparer.OrdinalIgnoreCase);

    public static string? FindDll(string projectPath, string configuration)
    {
        if (projectPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return File.Exists(projectPath) ? projectPath : null;

        string name = Path.GetFileNameWithoutExtension(projectPath);
        string projectDirectory = Path.GetDirectoryName(projectPath)!;
        string artifactsSuffix = Path.Combine("artifacts", "bin", name, configuration.ToLowerInvariant(), name + ".dll");
        for (var directory = new DirectoryInfo(projectDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, artifactsSuffix);
            if (File.Exists(candidate)) return candidate;
        }
        string classic = Path.Combine(projectDirectory, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(classic) ? classic : null;
    }

    public static bool IsStale(string projectPath, string dllPath)
    {
        if (projectPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return false;
        var builtAt = File.GetLastWriteTimeUtc(dllPath);
        string projectDirectory = Path.GetDirectoryName(projectPath)!;
        // One walk of the project folder, not one per file pattern.
        foreach (string file in Directory.EnumerateFiles(projectDirectory, "*", SearchOption.AllDirectories))
        {
            if (!s_sourceExtensions.Contains(Path.GetExtension(file)) || IsBuildOutput(projectDirectory, file)) continue;
            if (File.GetLastWriteTimeUtc(file) > builtAt) return true;
        }
        return false;
    }

    /// <summary>Returns the dll to run, building the project first when needed (and allowed).</summary>
    public static async Task<string> EnsureBuiltAsync(string resourceName, string projectPath, AppHostOptions options, LogSink log, CancellationToken cancellationToken)
    {
        if (!File.Exists(projectPath))
            throw new DistributedApplicationException($"Resource '{resourceName}': project '{projectPath}' does not exist.");
        string? dll = FindDll(projectPath, options.Configuration);
        bool needsBuild = dll is null || (options.BuildProjects && IsStale(projectPath, dll));
        if (!needsBuild) return dll!;
        if (!options.BuildProjects)
            throw new DistributedApplicationException($"Resource '{resourceName}': no built dll for '{projectPath}'. Run 'dotnet build' first or drop --no-build.");

        log.WriteHost($"Building {Path.GetFileName(projectPath)} ({options.Configuration})...");
        var build = await ToolRunner.RunAsync("dotnet", ["build", projectPath, "-c", options.Configuration, "-v", "q", "-nologo"], cancellationToken)
            .ConfigureAwait(false);
        if (!build.Succeeded)
            throw new DistributedApplicationException($"Resource '{resourceName}': 'dotnet build {projectPath}' failed (exit {build.ExitCode}):{System.Environment.NewLine}{build.Output}");
        return FindDll(projectPath, options.Configuration)
            ?? throw new DistributedApplicationException($"Resource '{resourceName}': built '{projectPath}' but found no dll in artifacts/bin or bin/{options.Configuration}.");
    }

    private static bool IsBuildOutput(string projectDirectory, string file)
    {
        string relative = Path.GetRelativePath(projectDirectory, file);
        return relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("node_modules" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
