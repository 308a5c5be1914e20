namespace Chroma.Api.Json;

/// <summary>Where a metadata map comes from; decides what null and arrays mean (API.md §5, §7).</summary>
internal enum MetadataMode
{
    /// <summary>Record add: null values and nested objects are a 422.</summary>
    RecordAdd,

    /// <summary>Record update/upsert: a null value deletes the key.</summary>
    RecordUpdate,

    /// <summary>Collection create: scalars only, null is a 422.</summary>
    CollectionCreate,

    /// <summary>Collection modify: scalars only, null values are dropped.</summary>
    CollectionUpdate,
}
