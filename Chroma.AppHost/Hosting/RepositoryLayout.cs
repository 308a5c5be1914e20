namespace Chroma.AppHost.Hosting;

/// <summary>Finds the repository (the folder with Chroma.Aspire.sln) from where the AppHost runs.</summary>
internal static class RepositoryLayout
{
    public const string SolutionFile = "Chroma.Aspire.sln";

    public static string? FindRoot()
    {
        foreach (string start in (string[])[AppContext.BaseDirectory, Environment.CurrentDirectory])
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile))) return directory.FullName;
            }
        }
        return null;
    }

    /// <summary>Relative project paths are resolved from here, as from an Aspire AppHost's project folder.</summary>
    public static string AppHostDirectory(AppHostOptions options) =>
        options.AppHostDirectory
        ?? (FindRoot() is { } root ? Path.Combine(root, "Chroma.AppHost") : Environment.CurrentDirectory);

    public static string AzuriteDirectory(AppHostOptions options) =>
        options.AzuriteDirectory
        ?? (FindRoot() is { } root ? Path.Combine(root, "tools", "azurite")
            : throw new DistributedApplicationException("Cannot find tools/azurite: run from inside the repository or set AppHostOptions.AzuriteDirectory."));
}
