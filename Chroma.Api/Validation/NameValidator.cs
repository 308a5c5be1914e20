using Chroma.Core.Model;

namespace Chroma.Api.Validation;

/// <summary>
/// Chroma's rules for tenant, database and collection names (API.md §3), with its messages.
/// Collection errors carry serde-validator's "Validation error: name: " prefix, database errors
/// do not (observed).
/// </summary>
internal static class NameValidator
{
    public static void ValidateTenantName(string name)
    {
        if (name.Length < 3)
        {
            ThrowHelper.InvalidArgument(
                $"Validation error: name: Validation error: length [{{\"value\": String(\"{name}\"), \"min\": Number(3)}}]");
        }
    }

    public static void ValidateDatabaseName(string name)
    {
        if (CheckName(name) is { } problem) ThrowHelper.InvalidArgument(problem);
    }

    public static void ValidateCollectionName(string name)
    {
        if (CheckName(name) is { } problem) ThrowHelper.InvalidArgument("Validation error: name: " + problem);
    }

    /// <summary>The problem with <paramref name="name"/>, or null when it is valid.</summary>
    public static string? CheckName(string name)
    {
        // Multi-region "topology" prefix: exactly one '+' joining two valid names.
        int plus = name.IndexOf('+');
        if (plus >= 0 && plus == name.LastIndexOf('+'))
        {
            string? left = CheckSimpleName(name[..plus]);
            if (left is not null) return left;
            return CheckSimpleName(name[(plus + 1)..]);
        }

        return CheckSimpleName(name);
    }

    private static string? CheckSimpleName(string name)
    {
        if (name.Length < 3 || name.Length > 512 || !IsAlphanumeric(name[0]) || !IsAlphanumeric(name[^1]))
            return ShapeMessage(name);
        foreach (char c in name)
        {
            if (!IsAlphanumeric(c) && c != '.' && c != '_' && c != '-') return ShapeMessage(name);
        }

        if (name.Contains("..", StringComparison.Ordinal))
            return $"Expected a name that does not contains two consecutive periods (..). Got {name}";
        if (IsIPv4(name))
            return $"Expected a name that is not a valid ip address. Got {name}";
        return null;
    }

    private static string ShapeMessage(string name) =>
        $"Expected a name containing 3-512 characters from [a-zA-Z0-9._-], starting and ending with a character in [a-zA-Z0-9]. Got: {name}";

    private static bool IsAlphanumeric(char c) => char.IsAsciiLetterOrDigit(c);

    /// <summary>
    /// Strict dotted quad as Rust's Ipv4Addr parses it (IPAddress.TryParse would also take "123").
    /// IPv6 needs ':' and is already excluded by the character set.
    /// </summary>
    private static bool IsIPv4(string name)
    {
        var parts = name.AsSpan();
        int octets = 0;
        foreach (var range in parts.Split('.'))
        {
            var part = parts[range];
            if (part.Length is 0 or > 3) return false;
            int value = 0;
            foreach (char c in part)
            {
                if (!char.IsAsciiDigit(c)) return false;
                value = value * 10 + (c - '0');
            }

            if (value > 255 || (part.Length > 1 && part[0] == '0')) return false;
            octets++;
        }

        return octets == 4;
    }
}
