using Chroma.Core.Model;
using Microsoft.Data.Sqlite;

namespace Chroma.Core.Catalog;

/// <summary>
/// The catalog in one SQLite file (embedded and single-node modes).
/// </summary>
/// <remarks>
/// One connection guarded by one lock: every operation is a few microseconds of SQLite work, so
/// serialising them costs nothing measurable and rules out SQLITE_BUSY and lock-upgrade
/// deadlocks between threads of this process. WAL journal with synchronous=FULL: a committed
/// change survives power loss. Statements that must agree (check the parent, then insert) run
/// in one IMMEDIATE transaction, which also keeps another process on the same file out.
/// All methods complete synchronously; the ValueTask shape is the <see cref="ICatalogStore"/>
/// contract that a network-backed store needs.
/// </remarks>
public sealed partial class SqliteCatalogStore : ICatalogStore, IDisposable
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private bool _disposed;

    /// <summary>Opens (creating if needed) the file; call <see cref="InitializeAsync"/> before use, or use <see cref="Open"/>.</summary>
    public SqliteCatalogStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);

        FilePath = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // one long-lived connection; closing it must release the file
        };
        _connection = new SqliteConnection(builder.ConnectionString);
        _connection.Open();

        // journal_mode is persistent in the file; synchronous and foreign_keys are per connection
        // and must be set outside any transaction.
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA foreign_keys=ON;");
        Execute("PRAGMA busy_timeout=5000;");
    }

    /// <summary>The file this store was opened on.</summary>
    public string FilePath { get; }

    /// <summary>Opens the file, migrates it and ensures the defaults exist.</summary>
    public static SqliteCatalogStore Open(string path)
    {
        var store = new SqliteCatalogStore(path);
        bool initialized = false;
        try
        {
            store.Initialize();
            initialized = true;
            return store;
        }
        finally
        {
            if (!initialized) store.Dispose();
        }
    }

    public ValueTask InitializeAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Initialize();
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteTransaction tx = _connection.BeginTransaction();
            // Children first, so the order does not depend on cascades being enabled.
            Execute("DELETE FROM collections; DELETE FROM databases; DELETE FROM tenants;", tx);
            InsertDefaults(tx);
            tx.Commit();
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _connection.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Initialize()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteTransaction tx = _connection.BeginTransaction();
            Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", tx);
            using (SqliteCommand read = Command("SELECT version FROM schema_version;", tx))
            {
                object? current = read.ExecuteScalar();
                int version = current is null ? 0 : Convert.ToInt32(current, System.Globalization.CultureInfo.InvariantCulture);
                if (version > SqliteCatalogMigrations.LatestVersion)
                {
                    throw new ChromaException(ChromaErrorCode.FailedPrecondition,
                        $"Catalog file {FilePath} has schema version {version}, newer than this build supports ({SqliteCatalogMigrations.LatestVersion}).");
                }

                for (int v = version; v < SqliteCatalogMigrations.LatestVersion; v++)
                {
                    Execute(SqliteCatalogMigrations.Scripts[v], tx);
                }

                if (current is null)
                {
                    Execute($"INSERT INTO schema_version (version) VALUES ({SqliteCatalogMigrations.LatestVersion});", tx);
                }
                else if (version != SqliteCatalogMigrations.LatestVersion)
                {
                    Execute($"UPDATE schema_version SET version = {SqliteCatalogMigrations.LatestVersion};", tx);
                }
            }

            InsertDefaults(tx);
            tx.Commit();
        }
    }

    private void InsertDefaults(SqliteTransaction tx)
    {
        using SqliteCommand tenant = Command(
            "INSERT INTO tenants (name, resource_name) VALUES (@tenant, NULL) ON CONFLICT (name) DO NOTHING;", tx);
        tenant.Parameters.AddWithValue("@tenant", CatalogDefaults.Tenant);
        tenant.ExecuteNonQuery();

        using SqliteCommand database = Command(
            "INSERT INTO databases (id, name, tenant) VALUES (@id, @name, @tenant) ON CONFLICT (tenant, name) DO NOTHING;", tx);
        database.Parameters.AddWithValue("@id", FormatId(CatalogDefaults.DatabaseId));
        database.Parameters.AddWithValue("@name", CatalogDefaults.Database);
        database.Parameters.AddWithValue("@tenant", CatalogDefaults.Tenant);
        database.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = Command(sql, tx);
        command.ExecuteNonQuery();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static bool IsUniqueViolation(SqliteException e) =>
        e.SqliteErrorCode == SqliteConstraint
        && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    private static string FormatId(Guid id) => id.ToString("D");

    private static Guid ParseId(string text) => Guid.ParseExact(text, "D");

    private static object DbValue(string? value) => value is null ? DBNull.Value : value;
}
