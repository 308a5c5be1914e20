using Chroma.Core.Catalog;
using Chroma.Distributed.Postgres;
using Chroma.Distributed.Tests.Infrastructure;

// The namespace of Chroma.Core.Tests' catalog tests: their behavioural test classes are compiled
// into this project unchanged (see the csproj) and pick up this TempCatalog, which puts
// CatalogService over PostgreSQL instead of SQLite. Same tests, same messages, other store.
namespace Chroma.Core.Tests.Catalog;

/// <summary>A catalog over a fresh PostgreSQL database on the shared test server, dropped on dispose.</summary>
internal sealed class TempCatalog : IDisposable
{
    public TempCatalog()
    {
        ConnectionString = PostgresServer.Shared.CreateDatabase();
        Service = Open(ConnectionString);
    }

    public string ConnectionString { get; }
    public CatalogService Service { get; private set; }

    /// <summary>Closes the store and connects again, as a process restart would.</summary>
    public CatalogService Reopen()
    {
        Service.Dispose();
        Service = Open(ConnectionString);
        return Service;
    }

    public void Dispose()
    {
        Service.Dispose();
        PostgresServer.Shared.DropDatabase(ConnectionString);
    }

    private static CatalogService Open(string connectionString) =>
        CatalogService.OpenAsync(PostgresCatalogStore.Create(connectionString)).AsTask().GetAwaiter().GetResult();
}
