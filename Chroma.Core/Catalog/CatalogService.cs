namespace Chroma.Core.Catalog;

/// <summary>Chroma catalog semantics over an <see cref="ICatalogStore"/>. (Catalog module.)</summary>
public sealed partial class CatalogService
{
}
