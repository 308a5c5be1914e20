namespace Chroma.Core.Catalog.Keys;

/// <summary>
/// One API key as the catalog stores it: never the token, only its SHA-256
/// (<see cref="ApiKeyToken.Hash"/>), found by <see cref="KeyId"/>, which is part of the token.
/// </summary>
public sealed record ApiKeyRecord
{
    /// <summary>Public identifier of the key (listed, used to delete it); carried inside the token.</summary>
    public required string KeyId { get; init; }

    /// <summary>SHA-256 of the whole token (32 bytes).</summary>
    public required byte[] TokenHash { get; init; }

    /// <summary>The tenant the key is confined to, or <see cref="AllTenants"/>.</summary>
    public required string Tenant { get; init; }

    /// <summary>Databases the key may touch inside its tenant; null means all of them.</summary>
    public IReadOnlyList<string>? Databases { get; init; }

    public required ApiKeyRole Role { get; init; }

    /// <summary>A label for humans (who or what uses the key); optional.</summary>
    public string? Name { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The tenant value of a key that may act in every tenant (an operator's admin key).</summary>
    public const string AllTenants = "*";

    public bool CoversAllTenants => Tenant == AllTenants;

    public bool AllowsTenant(string tenant) => CoversAllTenants || string.Equals(Tenant, tenant, StringComparison.Ordinal);

    public bool AllowsDatabase(string database)
    {
        if (Databases is null) return true;
        foreach (string allowed in Databases)
        {
            if (string.Equals(allowed, database, StringComparison.Ordinal)) return true;
        }

        return false;
    }
}
