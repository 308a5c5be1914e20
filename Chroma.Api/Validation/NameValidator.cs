using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Api.Validation;

/// <summary>
/// Chroma's rules for tenant, database and collection names (API.md §3) at the API edge, so a bad
/// name is refused before anything else is looked at. The rules and messages are the catalog's
/// (<see cref="CatalogValidation"/>), the same in every mode; only the prefix differs: collection
/// errors carry serde-validator's "Validation error: name: ", database errors do not (observed).
/// </summary>
internal static class NameValidator
{
    public static void ValidateTenantName(string name) => CatalogValidation.ValidateTenantName(name);

    public static void ValidateDatabaseName(string name)
    {
        if (CheckName(name) is { } problem) ThrowHelper.InvalidArgument(problem);
    }

    public static void ValidateCollectionName(string name)
    {
        if (CheckName(name) is { } problem) ThrowHelper.InvalidArgument("Validation error: name: " + problem);
    }

    /// <summary>The problem with <paramref name="name"/>, or null when it is valid.</summary>
    public static string? CheckName(string name) => CatalogValidation.NameError(name);
}
