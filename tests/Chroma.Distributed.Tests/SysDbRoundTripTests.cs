using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Distributed.Tests;

/// <summary>Every ICatalog call through gRPC answers what the catalog answers in process.</summary>
public class SysDbRoundTripTests
{
    private const string Tenant = "default_tenant";
    private const string Database = "default_database";

    [Fact]
    public async Task TenantsAndDatabasesRoundTrip()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        ICatalog local = host.Engine.Catalog, remote = host.RemoteCatalog;

        await remote.CreateTenantAsync("acme");
        Assert.Equal(await local.GetTenantAsync("acme"), await remote.GetTenantAsync("acme"));
        await remote.UpdateTenantAsync("acme", "crn-acme");
        TenantInfo tenant = await remote.GetTenantAsync("acme");
        Assert.Equal(new TenantInfo("acme", "crn-acme"), tenant);
        Assert.Equal(await local.GetTenantAsync("acme"), tenant);

        await remote.CreateDatabaseAsync("acme", "one");
        await remote.CreateDatabaseAsync("acme", "two");
        Assert.Equal(await local.GetDatabaseAsync("acme", "one"), await remote.GetDatabaseAsync("acme", "one"));
        Assert.Equal(await local.ListDatabasesAsync("acme", null, 0), await remote.ListDatabasesAsync("acme", null, 0));
        IReadOnlyList<DatabaseInfo> page = await remote.ListDatabasesAsync("acme", 1, 1);
        Assert.Equal(await local.ListDatabasesAsync("acme", 1, 1), page);
        Assert.Single(page);

        await remote.DeleteDatabaseAsync("acme", "one");
        Assert.Equal(["two"], [.. (await local.ListDatabasesAsync("acme", null, 0)).Select(d => d.Name)]);
    }

    [Fact]
    public async Task TenantAndDatabaseErrorsAreTheSame()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        ICatalog local = host.Engine.Catalog, remote = host.RemoteCatalog;
        await local.CreateTenantAsync("acme");
        await local.CreateDatabaseAsync("acme", "one");

        ChromaException missing = await Assertions.SameErrorAsync(() => Drop(local.GetTenantAsync("nobody")), () => Drop(remote.GetTenantAsync("nobody")));
        Assert.Equal(ChromaErrorCode.NotFound, missing.Code);
        await Assertions.SameErrorAsync(() => local.CreateTenantAsync("acme"), () => remote.CreateTenantAsync("acme"));
        await Assertions.SameErrorAsync(() => local.CreateDatabaseAsync("acme", "one"), () => remote.CreateDatabaseAsync("acme", "one"));
        await Assertions.SameErrorAsync(() => local.CreateDatabaseAsync("nobody", "one"), () => remote.CreateDatabaseAsync("nobody", "one"));
        await Assertions.SameErrorAsync(() => Drop(local.GetDatabaseAsync("acme", "zero")), () => Drop(remote.GetDatabaseAsync("acme", "zero")));
        await Assertions.SameErrorAsync(() => local.DeleteDatabaseAsync("acme", "zero"), () => remote.DeleteDatabaseAsync("acme", "zero"));
        await Assertions.SameErrorAsync(() => local.CreateTenantAsync(""), () => remote.CreateTenantAsync(""));
    }

    [Fact]
    public async Task CollectionsRoundTrip()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        ICatalog local = host.Engine.Catalog, remote = host.RemoteCatalog;

        CollectionInfo created = await remote.CreateCollectionAsync(new CreateCollectionRequest
        {
            Tenant = Tenant,
            Database = Database,
            Name = "things",
            Metadata = new(StringComparer.Ordinal) { ["i"] = 1, ["f"] = 1.0, ["s"] = "x", ["b"] = false },
            Configuration = new CollectionConfigurationRequest
            {
                Hnsw = new HnswConfigurationUpdate { Space = DistanceSpace.Cosine, EfSearch = 50 },
                EmbeddingFunctionJson = "{\"type\":\"legacy\"}",
            },
        });
        Assertions.Equal(await local.GetCollectionByIdAsync(created.Id), created);
        Assert.Equal(DistanceSpace.Cosine, created.Configuration.Hnsw.Space);
        Assert.Equal(MetadataValueKind.Float, created.Metadata!["f"].Kind);

        CollectionInfo again = await remote.CreateCollectionAsync(new CreateCollectionRequest { Tenant = Tenant, Database = Database, Name = "things", GetOrCreate = true });
        Assertions.Equal(created, again);
        await remote.CreateCollectionAsync(new CreateCollectionRequest { Tenant = Tenant, Database = Database, Name = "others" });

        Assertions.Equal(await local.GetCollectionAsync(Tenant, Database, "things"), await remote.GetCollectionAsync(Tenant, Database, "things"));
        Assertions.Equal(await local.GetCollectionByIdAsync(created.Id, Tenant, Database), await remote.GetCollectionByIdAsync(created.Id, Tenant, Database));
        Assertions.Equal(await local.ListCollectionsAsync(Tenant, Database, null, 0), await remote.ListCollectionsAsync(Tenant, Database, null, 0));
        Assertions.Equal(await local.ListCollectionsAsync(Tenant, Database, 1, 1), await remote.ListCollectionsAsync(Tenant, Database, 1, 1));
        Assert.Equal(2, await remote.CountCollectionsAsync(Tenant, Database));

        await remote.UpdateCollectionAsync(new UpdateCollectionRequest
        {
            Id = created.Id,
            NewName = "renamed",
            NewMetadata = new(StringComparer.Ordinal) { ["k"] = 2.5 },
            NewHnsw = new HnswConfigurationUpdate { EfSearch = 77 },
        });
        CollectionInfo updated = await local.GetCollectionByIdAsync(created.Id);
        Assert.Equal("renamed", updated.Name);
        Assert.Equal(77, updated.Configuration.Hnsw.EfSearch);
        Assertions.Equal(new Dictionary<string, MetadataValue>(StringComparer.Ordinal) { ["k"] = 2.5 }, updated.Metadata);
        Assertions.Equal(updated, await remote.GetCollectionByIdAsync(created.Id));

        Assert.Equal(4, await remote.EnsureDimensionAsync(created.Id, 4));
        Assert.Equal(4, await remote.EnsureDimensionAsync(created.Id, 9)); // first one wins
        Assert.Equal(4, (await local.GetCollectionByIdAsync(created.Id)).Dimension);

        Assert.True(await remote.RegisterVersionAsync(created.Id, 0, 1, 10));
        Assert.False(await remote.RegisterVersionAsync(created.Id, 0, 1, 12)); // lost compare-and-swap
        CollectionInfo versioned = await local.GetCollectionByIdAsync(created.Id);
        Assert.Equal(1, versioned.Version);
        Assert.Equal(10, versioned.LogPosition);

        Assert.Equal(created.Id, await remote.DeleteCollectionAsync(Tenant, Database, "renamed"));
        Assert.Equal(1, await local.CountCollectionsAsync(Tenant, Database));
    }

    [Fact]
    public async Task CollectionErrorsAreTheSame()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        ICatalog local = host.Engine.Catalog, remote = host.RemoteCatalog;
        CollectionInfo existing = await local.CreateCollectionAsync(new CreateCollectionRequest { Tenant = Tenant, Database = Database, Name = "things" });
        await local.CreateTenantAsync("other");
        await local.CreateDatabaseAsync("other", "dbx");
        var duplicate = new CreateCollectionRequest { Tenant = Tenant, Database = Database, Name = "things" };
        var badName = new CreateCollectionRequest { Tenant = Tenant, Database = Database, Name = "a" };
        var unknownId = Guid.NewGuid();

        ChromaException exists = await Assertions.SameErrorAsync(() => Drop(local.CreateCollectionAsync(duplicate)), () => Drop(remote.CreateCollectionAsync(duplicate)));
        Assert.Equal(ChromaErrorCode.AlreadyExists, exists.Code);
        ChromaException invalid = await Assertions.SameErrorAsync(() => Drop(local.CreateCollectionAsync(badName)), () => Drop(remote.CreateCollectionAsync(badName)));
        Assert.Equal(ChromaErrorCode.InvalidArgument, invalid.Code);
        ChromaException notFound = await Assertions.SameErrorAsync(() => Drop(local.GetCollectionAsync(Tenant, Database, "nope")), () => Drop(remote.GetCollectionAsync(Tenant, Database, "nope")));
        Assert.Equal(ChromaErrorCode.NotFound, notFound.Code);
        await Assertions.SameErrorAsync(() => Drop(local.GetCollectionByIdAsync(unknownId)), () => Drop(remote.GetCollectionByIdAsync(unknownId)));
        await Assertions.SameErrorAsync(() => Drop(local.GetCollectionByIdAsync(existing.Id, "other", "dbx")), () => Drop(remote.GetCollectionByIdAsync(existing.Id, "other", "dbx")));
        await Assertions.SameErrorAsync(() => Drop(local.EnsureDimensionAsync(existing.Id, 0)), () => Drop(remote.EnsureDimensionAsync(existing.Id, 0)));
        var arrayMetadata = new UpdateCollectionRequest { Id = existing.Id, NewMetadata = new(StringComparer.Ordinal) { ["k"] = MetadataValue.FromInts([1, 2]) } };
        ChromaException metadata = await Assertions.SameErrorAsync(() => local.UpdateCollectionAsync(arrayMetadata), () => remote.UpdateCollectionAsync(arrayMetadata));
        Assert.Equal(ChromaErrorCode.InvalidArgument, metadata.Code);
        await Assertions.SameErrorAsync(
            () => local.UpdateCollectionAsync(new UpdateCollectionRequest { Id = unknownId, NewName = "x1" }),
            () => remote.UpdateCollectionAsync(new UpdateCollectionRequest { Id = unknownId, NewName = "x1" }));
        await Assertions.SameErrorAsync(
            () => local.UpdateCollectionAsync(new UpdateCollectionRequest { Id = existing.Id, NewHnsw = new HnswConfigurationUpdate { Space = DistanceSpace.Cosine } }),
            () => remote.UpdateCollectionAsync(new UpdateCollectionRequest { Id = existing.Id, NewHnsw = new HnswConfigurationUpdate { Space = DistanceSpace.Cosine } }));
        await Assertions.SameErrorAsync(() => Drop(local.DeleteCollectionAsync(Tenant, Database, "nope")), () => Drop(remote.DeleteCollectionAsync(Tenant, Database, "nope")));
        await Assertions.SameErrorAsync(() => Drop(local.EnsureDimensionAsync(unknownId, 3)), () => Drop(remote.EnsureDimensionAsync(unknownId, 3)));
    }

    [Fact]
    public async Task ResetWipesThroughTheRemoteCatalog()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        await host.Engine.Catalog.CreateTenantAsync("acme");
        await host.Engine.Catalog.CreateCollectionAsync(new CreateCollectionRequest { Tenant = Tenant, Database = Database, Name = "things" });

        await host.RemoteCatalog.ResetAsync();

        Assert.Equal(0, await host.Engine.Catalog.CountCollectionsAsync(Tenant, Database));
        await Assert.ThrowsAsync<ChromaException>(async () => await host.RemoteCatalog.GetTenantAsync("acme"));
    }

    [Fact]
    public async Task ACancelledCallThrowsOperationCanceled()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await host.RemoteCatalog.GetTenantAsync(Tenant, cancelled.Token));
    }

    private static async ValueTask Drop<T>(ValueTask<T> call) => await call;
}
