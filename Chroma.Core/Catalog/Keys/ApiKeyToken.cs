using System.Security.Cryptography;
using System.Text;
using Chroma.Core.Memory;

namespace Chroma.Core.Catalog.Keys;

/// <summary>
/// The token format and its hash. A generated token is <c>ck_{keyId}_{secret}</c>: 16 hex chars of
/// key id (lookup) and 64 hex chars (256 bits) of secret from the OS CSPRNG, so its SHA-256 cannot
/// be reversed by guessing and needs no salt or slow KDF. A token written by hand in configuration
/// has no id inside; its id is derived from its hash (<see cref="KeyIdOf"/>), which lets both kinds
/// share one lookup path.
/// </summary>
public static class ApiKeyToken
{
    public const string Prefix = "ck_";
    private const int KeyIdHexLength = 16;
    private const int SecretBytes = 32;

    /// <summary>A new random token and its key id.</summary>
    public static (string Token, string KeyId) Generate()
    {
        Span<byte> random = stackalloc byte[KeyIdHexLength / 2 + SecretBytes];
        RandomNumberGenerator.Fill(random);
        string keyId = Convert.ToHexStringLower(random[..(KeyIdHexLength / 2)]);
        string secret = Convert.ToHexStringLower(random[(KeyIdHexLength / 2)..]);
        return ($"{Prefix}{keyId}_{secret}", keyId);
    }

    /// <summary>
    /// The key id a token is looked up by: the id inside a generated token, else "cfg" and the
    /// first 13 hex chars of its SHA-256 (for configured tokens of any shape).
    /// </summary>
    public static string KeyIdOf(string token)
    {
        if (TryParseGenerated(token, out string? keyId)) return keyId;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(token, hash);
        return "cfg" + Convert.ToHexStringLower(hash)[..13];
    }

    /// <summary>SHA-256 of the token's UTF-8 bytes.</summary>
    public static byte[] Hash(string token)
    {
        byte[] hash = new byte[SHA256.HashSizeInBytes];
        Hash(token, hash);
        return hash;
    }

    public static void Hash(string token, Span<byte> destination)
    {
        int max = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[]? rented = max > 512 ? BufferPool<byte>.Rent(max) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[512];
        int length = Encoding.UTF8.GetBytes(token, utf8);
        SHA256.HashData(utf8[..length], destination);
        if (rented is not null) BufferPool<byte>.Return(rented, clearArray: true);
    }

    /// <summary>Constant-time comparison of the token's hash with a stored one.</summary>
    public static bool Matches(string token, ReadOnlySpan<byte> storedHash)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(token, hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }

    private static bool TryParseGenerated(string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? keyId)
    {
        keyId = null;
        if (token.Length != Prefix.Length + KeyIdHexLength + 1 + SecretBytes * 2 || !token.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        if (token[Prefix.Length + KeyIdHexLength] != '_') return false;
        ReadOnlySpan<char> id = token.AsSpan(Prefix.Length, KeyIdHexLength);
        foreach (char c in id)
        {
            if (!char.IsAsciiHexDigitLower(c)) return false;
        }

        keyId = id.ToString();
        return true;
    }
}
