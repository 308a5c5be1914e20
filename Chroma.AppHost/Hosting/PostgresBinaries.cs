namespace Chroma.AppHost.Hosting;

/// <summary>
/// The PostgreSQL server programs of this machine: from PATH when initdb and postgres are there, else from the
/// newest /usr/lib/postgresql/&lt;version&gt;/bin (Debian and Ubuntu keep them off PATH).
/// </summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string MissingMessage =
        "PostgreSQL server binaries (initdb, postgres, pg_isready, psql) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
        "Install them with 'apt-get install postgresql'.";

    private static readonly string[] s_required = ["initdb", "postgres", "pg_isready", "psql"];

    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string Postgres => Path.Combine(BinDirectory, "postgres");
    public string PgIsReady => Path.Combine(BinDirectory, "pg_isready");
    public string Psql => Path.Combine(BinDirectory, "psql");

    public static PostgresBinaries Find() =>
        Find((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries), "/usr/lib/postgresql");

    /// <summary>Searches <paramref name="pathDirectories"/>, then the versioned folders under <paramref name="versionedRoot"/>.</summary>
    public static PostgresBinaries Find(IEnumerable<string> pathDirectories, string versionedRoot)
    {
        foreach (string directory in pathDirectories)
        {
            if (HasAll(directory)) return new PostgresBinaries(directory);
        }
        if (Directory.Exists(versionedRoot))
        {
            string? best = null;
            int bestVersion = -1;
            foreach (string versionDirectory in Directory.EnumerateDirectories(versionedRoot))
            {
                string bin = Path.Combine(versionDirectory, "bin");
                if (int.TryParse(Path.GetFileName(versionDirectory), out int version) && version > bestVersion && HasAll(bin))
                {
                    best = bin;
                    bestVersion = version;
                }
            }
            if (best is not null) return new PostgresBinaries(best);
        }
        throw new DistributedApplicationException(MissingMessage);
    }

    private static bool HasAll(string directory)
    {
        foreach (string program in s_required)
        {
            if (!File.Exists(Path.Combine(directory, program))) return false;
        }
        return true;
    }
}
