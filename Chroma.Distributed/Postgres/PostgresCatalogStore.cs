using Chroma.Core.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace Chroma.Distributed.Postgres;

/// <summary>
/// The catalog in PostgreSQL (distributed mode): the same rows, rules and JSON text as
/// <see cref="SqliteCatalogStore"/>, shared by every SysDb replica.
/// </summary>
/// <remarks>
/// Every call borrows a pooled connection from the <see cref="NpgsqlDataSource"/>, so the store is
/// safe to use from many threads and many processes at once. Correctness under concurrency comes
/// from the database, not from locks here: compare-and-set operations are single
/// <c>UPDATE ... WHERE</c> statements (PostgreSQL re-checks the WHERE clause against the latest
/// committed row after waiting on its lock), and uniqueness from the constraints, whose
/// violations (SQLSTATE 23505) become <see cref="CatalogStoreStatus.AlreadyExists"/>.
/// Transactions run at READ COMMITTED, where each statement sees everything committed before it
/// started; the multi-statement operations are written so that is enough.
/// </remarks>
public sealed partial class PostgresCatalogStore : ICatalogStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private int _disposed;

    /// <summary>Over a data source owned by the caller; call <see cref="InitializeAsync"/> before use.</summary>
    public PostgresCatalogStore(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgresCatalogStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>
    /// A store over its own data source built from <paramref name="connectionString"/> (Aspire's
    /// <c>ConnectionStrings__chromadb</c>); disposing the store disposes the data source.
    /// </summary>
    public static PostgresCatalogStore Create(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new PostgresCatalogStore(NpgsqlDataSource.Create(connectionString), ownsDataSource: true);
    }

    /// <summary>Runs pending migrations (see <see cref="PostgresCatalogMigrator"/>), then ensures the default tenant and database.</summary>
    public async ValueTask InitializeAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        await PostgresCatalogMigrator.MigrateAsync(_dataSource, ct).ConfigureAwait(false);
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await InsertDefaultsAsync(connection, tx, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask ResetAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Children first, so the order does not depend on the cascades.
        await using (var delete = new NpgsqlCommand("DELETE FROM collections; DELETE FROM databases; DELETE FROM tenants;", connection, tx))
        {
            await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await InsertDefaultsAsync(connection, tx, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_ownsDataSource) await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task InsertDefaultsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO tenants (name, resource_name) VALUES (@tenant, NULL) ON CONFLICT (name) DO NOTHING; " +
            "INSERT INTO databases (id, name, tenant) VALUES (@id, @database, @tenant) ON CONFLICT (tenant, name) DO NOTHING;",
            connection, tx);
        insert.Parameters.AddWithValue("tenant", CatalogDefaults.Tenant);
        insert.Parameters.AddWithValue("id", CatalogDefaults.DatabaseId);
        insert.Parameters.AddWithValue("database", CatalogDefaults.Database);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql)
    {
        ThrowIfDisposed();
        return _dataSource.CreateCommand(sql);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static bool IsUniqueViolation(PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation;

    private static bool IsForeignKeyViolation(PostgresException e) => e.SqlState == PostgresErrorCodes.ForeignKeyViolation;

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : value };
}
