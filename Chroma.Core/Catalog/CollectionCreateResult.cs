using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// Result of <see cref="ICatalogStore.CreateCollectionAsync"/>: Ok with the inserted collection,
/// AlreadyExists with the collection that holds the name, or ParentNotFound with null.
/// </summary>
public readonly record struct CollectionCreateResult(CatalogStoreStatus Status, CollectionInfo? Collection);
