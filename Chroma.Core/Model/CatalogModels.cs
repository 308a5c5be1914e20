namespace Chroma.Core.Model;

public sealed record TenantInfo(string Name, string? ResourceName);

public sealed record DatabaseInfo(Guid Id, string Name, string Tenant);

/// <summary>
/// A collection as the catalog knows it. <see cref="Dimension"/> is null until the first
/// embedding is written, then fixed. <see cref="Version"/> is the latest registered index
/// version and <see cref="LogPosition"/> the last log offset it covers.
/// </summary>
public sealed record CollectionInfo
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Tenant { get; init; }
    public required string Database { get; init; }
    public int? Dimension { get; init; }
    public Dictionary<string, MetadataValue>? Metadata { get; init; }
    public CollectionConfiguration Configuration { get; init; } = CollectionConfiguration.Default;

    /// <summary>Raw JSON of a schema the client sent, or null for the default schema.</summary>
    public string? SchemaJson { get; init; }
    public long LogPosition { get; init; }
    public long Version { get; init; }
}
