using Chroma.Core.Catalog.Keys;

namespace Chroma.Gateway.Policies;

/// <summary>Parsing of the textual forms of a key's scope (configuration, CLI, admin route).</summary>
public static class ApiKeyScope
{
    public const int MaxTokenLength = 512;

    public static ApiKeyRole ParseRole(string role) => role.ToLowerInvariant() switch
    {
        "read" => ApiKeyRole.Read,
        "write" => ApiKeyRole.Write,
        "admin" => ApiKeyRole.Admin,
        _ => throw new ArgumentException($"Unknown role '{role}': expected read, write or admin"),
    };

    public static string FormatRole(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Read => "read",
        ApiKeyRole.Write => "write",
        _ => "admin",
    };

    /// <summary>null, empty or "*" = all databases; else comma-separated names.</summary>
    public static IReadOnlyList<string>? ParseDatabases(string? databases)
    {
        if (string.IsNullOrWhiteSpace(databases) || databases.Trim() == "*") return null;
        var names = new List<string>();
        foreach (string part in databases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "*") return null;
            names.Add(part);
        }

        return names.Count == 0 ? null : names;
    }

    /// <summary>Printable ASCII only, as Chroma's Python server requires; anything else is refused before a lookup.</summary>
    public static bool IsValidToken(ReadOnlySpan<char> token)
    {
        if (token.Length == 0 || token.Length > MaxTokenLength) return false;
        foreach (char c in token)
        {
            if (c < 0x21 || c > 0x7E) return false;
        }

        return true;
    }
}
