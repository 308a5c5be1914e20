using System.Text;
using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>Chroma's rules for names and collection metadata, with Chroma's messages (API.md §3, §5).</summary>
internal static class CatalogValidation
{
    private const int MinNameLength = 3;
    private const int MaxNameLength = 512;
    private const int MinTenantNameLength = 3;

    /// <summary>Tenants: only a length of at least 3 is checked (real Chroma accepts "odd tenant!").</summary>
    public static void ValidateTenantName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int length = 0;
        foreach (Rune _ in name.EnumerateRunes()) length++;
        if (length < MinTenantNameLength)
        {
            // Chroma reports the validator crate's raw error text; clients show it verbatim.
            ThrowHelper.InvalidArgument(
                $"Validation error: name: Validation error: length [{{\"value\": String(\"{EscapeDebug(name)}\"), \"min\": Number({MinTenantNameLength})}}]");
        }
    }

    /// <summary>
    /// Database and collection names: 3-512 of [A-Za-z0-9._-], alphanumeric at both ends, no "..",
    /// not an IP address. A single '+' joining two valid names (a multi-region topology prefix)
    /// is also accepted. Returns Chroma's message, or null when the name is valid.
    /// </summary>
    public static string? NameError(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int plus = name.IndexOf('+');
        if (plus > 0 && plus == name.LastIndexOf('+')
            && SingleNameError(name[..plus]) is null && SingleNameError(name[(plus + 1)..]) is null)
        {
            return null;
        }

        return SingleNameError(name);
    }

    /// <summary>
    /// Collection metadata: non-empty, keys not empty and not starting with '#' or '$', values
    /// string, int, float or bool. <paramref name="field"/> names the request field in messages.
    /// A null value is allowed only when <paramref name="allowNull"/> (an update drops the key).
    /// </summary>
    public static void ValidateCollectionMetadata(Dictionary<string, MetadataValue> metadata, string field, bool allowNull)
    {
        if (metadata.Count == 0) ThrowHelper.InvalidArgument($"Validation error: {field}: Metadata cannot be empty");
        foreach (KeyValuePair<string, MetadataValue> entry in metadata)
        {
            string key = entry.Key;
            if (key.Length == 0) ThrowHelper.InvalidArgument($"Validation error: {field}: Metadata key cannot be empty");
            if (key[0] is '#' or '$')
            {
                ThrowHelper.InvalidArgument($"Validation error: {field}: Metadata key cannot start with '#' or '$': {key}");
            }

            switch (entry.Value.Kind)
            {
                case MetadataValueKind.String:
                case MetadataValueKind.Int:
                case MetadataValueKind.Float:
                case MetadataValueKind.Bool:
                    break;
                case MetadataValueKind.Null when allowNull:
                    break;
                case MetadataValueKind.Null:
                    // Real Chroma rejects this while deserializing the body, hence 422.
                    ThrowHelper.Unprocessable(
                        $"Failed to deserialize the JSON body into the target type: {field}.{key}: data did not match any variant of untagged enum MetadataValue");
                    break;
                default:
                    ThrowHelper.InvalidArgument(
                        $"Validation error: {field}: Collection metadata values must be a string, int, float or bool; key [{key}] holds a {KindName(entry.Value.Kind)}");
                    break;
            }
        }
    }

    private static string? SingleNameError(string name)
    {
        if (!HasValidShape(name))
        {
            return $"Expected a name containing 3-512 characters from [a-zA-Z0-9._-], starting and ending with a character in [a-zA-Z0-9]. Got: {name}";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return $"Expected a name that does not contains two consecutive periods (..). Got {name}";
        }

        // IPv6 addresses need ':' and never pass the shape check, so only IPv4 is left to test.
        if (IsIPv4(name)) return $"Expected a name that is not a valid ip address. Got {name}";
        return null;
    }

    private static bool HasValidShape(string name)
    {
        if (name.Length is < MinNameLength or > MaxNameLength) return false;
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])) return false;
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '_' and not '-') return false;
        }

        return true;
    }

    /// <summary>Strict dotted quad as Rust's Ipv4Addr parses it: 4 decimal octets, no leading zeros.</summary>
    private static bool IsIPv4(string name)
    {
        int octets = 0;
        foreach (Range part in name.AsSpan().Split('.'))
        {
            ReadOnlySpan<char> octet = name.AsSpan()[part];
            if (++octets > 4 || octet.Length is 0 or > 3 || (octet.Length > 1 && octet[0] == '0')) return false;
            int value = 0;
            foreach (char c in octet)
            {
                if (!char.IsAsciiDigit(c)) return false;
                value = (value * 10) + (c - '0');
            }

            if (value > 255) return false;
        }

        return octets == 4;
    }

    private static string KindName(MetadataValueKind kind) => kind switch
    {
        MetadataValueKind.StringArray => "string array",
        MetadataValueKind.IntArray => "int array",
        MetadataValueKind.FloatArray => "float array",
        MetadataValueKind.BoolArray => "bool array",
        MetadataValueKind.SparseVector => "sparse vector",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string EscapeDebug(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
