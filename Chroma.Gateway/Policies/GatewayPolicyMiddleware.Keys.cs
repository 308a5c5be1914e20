using System.Text.Json;
using Chroma.Core.Catalog;
using Chroma.Core.Catalog.Keys;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Gateway.Policies;

/// <summary>
/// GET /api/v2/auth/identity and key management (admin role only):
/// <c>POST /api/v2/admin/keys</c> {"tenant"?, "databases"?: [..] | "*", "role", "name"?} → 201 with
/// the token (shown this once), <c>GET /api/v2/admin/keys</c>, <c>DELETE /api/v2/admin/keys/{key_id}</c>.
/// An admin manages keys only inside its own scope, and never grants more than it holds.
/// </summary>
public sealed partial class GatewayPolicyMiddleware
{
    private const int MaxKeyRequestBytes = 64 * 1024;

    private static Task WriteIdentityAsync(HttpContext context, ApiKeyRecord key) =>
        PolicyResponses.WriteJsonAsync(context, key, static (writer, key) =>
        {
            writer.WriteStartObject();
            writer.WriteString("user_id", key.KeyId);
            // Chroma's clients adopt this tenant, and the one database when there is exactly one
            // ("*" = all, which they leave alone); an operator key works in default_tenant.
            writer.WriteString("tenant", key.CoversAllTenants ? CatalogDefaults.Tenant : key.Tenant);
            writer.WriteStartArray("databases");
            if (key.Databases is null) writer.WriteStringValue("*");
            else foreach (string database in key.Databases) writer.WriteStringValue(database);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    private async Task HandleKeysAsync(HttpContext context, ApiKeyRecord? caller)
    {
        if (caller is null)
        {
            await PolicyResponses.WriteErrorAsync(context, ChromaErrorCode.PermissionDenied,
                "Key management needs authentication (Chroma:Auth:Enabled=true or --auth); meanwhile use `Chroma.Gateway keys create`");
            return;
        }

        string[] segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        string method = context.Request.Method;
        try
        {
            if (segments.Length == 4 && HttpMethods.IsPost(method)) await CreateKeyAsync(context, caller);
            else if (segments.Length == 4 && HttpMethods.IsGet(method)) await ListKeysAsync(context, caller);
            else if (segments.Length == 5 && HttpMethods.IsDelete(method)) await DeleteKeyAsync(context, caller, segments[4]);
            else context.Response.StatusCode = segments.Length is 4 or 5 ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
        }
        catch (ChromaException exception)
        {
            await PolicyResponses.WriteErrorAsync(context, exception);
        }
    }

    private async Task CreateKeyAsync(HttpContext context, ApiKeyRecord caller)
    {
        (byte[]? buffer, int length) = await ReadBodyAsync(context, MaxKeyRequestBytes);
        if (buffer is null) return;
        string? tenant;
        IReadOnlyList<string>? databases;
        ApiKeyRole role;
        string? name;
        try
        {
            (tenant, databases, role, name) = ParseKeyRequest(buffer.AsSpan(0, length));
        }
        finally
        {
            BufferPool<byte>.Return(buffer);
        }

        tenant ??= caller.CoversAllTenants ? null : caller.Tenant;
        if (tenant is null) ThrowHelper.InvalidArgument("tenant is required (this key acts in every tenant; say which one the new key is for, or \"*\")");
        if (!Covers(caller, tenant, databases))
            throw new ChromaException(ChromaErrorCode.PermissionDenied, "Forbidden: a key cannot grant a tenant or databases outside its own scope");

        (string token, string keyId) = ApiKeyToken.Generate();
        var key = new ApiKeyRecord
        {
            KeyId = keyId,
            TokenHash = ApiKeyToken.Hash(token),
            Tenant = tenant,
            Databases = databases,
            Role = role,
            Name = name,
            CreatedAt = _time.GetUtcNow(),
        };
        if (!await _authenticator!.Store.CreateAsync(key, context.RequestAborted))
            throw new ChromaException(ChromaErrorCode.Internal, "Key id collision; retry");
        _authenticator.Invalidate(keyId);

        context.Response.StatusCode = StatusCodes.Status201Created;
        await PolicyResponses.WriteJsonAsync(context, (key, token), static (writer, state) => WriteKey(writer, state.key, state.token));
    }

    private async Task ListKeysAsync(HttpContext context, ApiKeyRecord caller)
    {
        IReadOnlyList<ApiKeyRecord> keys = await _authenticator!.Store.ListAsync(caller.CoversAllTenants ? null : caller.Tenant, context.RequestAborted);
        var visible = new List<ApiKeyRecord>(keys.Count);
        foreach (ApiKeyRecord key in keys)
        {
            if (Covers(caller, key.Tenant, key.Databases)) visible.Add(key);
        }

        await PolicyResponses.WriteJsonAsync(context, visible, static (writer, keys) =>
        {
            writer.WriteStartArray();
            foreach (ApiKeyRecord key in keys) WriteKey(writer, key, token: null);
            writer.WriteEndArray();
        });
    }

    private async Task DeleteKeyAsync(HttpContext context, ApiKeyRecord caller, string keyId)
    {
        ApiKeyRecord? key = await _authenticator!.Store.FindAsync(keyId, context.RequestAborted);
        // Out of scope answers like missing: another tenant's key ids are not revealed.
        if (key is null || !Covers(caller, key.Tenant, key.Databases) || !await _authenticator.Store.DeleteAsync(keyId, context.RequestAborted))
            throw new ChromaException(ChromaErrorCode.NotFound, $"API key [{keyId}] not found");
        _authenticator.Invalidate(keyId);
        await PolicyResponses.WriteJsonAsync(context, 0, static (writer, _) =>
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>Whether <paramref name="caller"/>'s scope includes the tenant and databases.</summary>
    private static bool Covers(ApiKeyRecord caller, string tenant, IReadOnlyList<string>? databases)
    {
        if (tenant == ApiKeyRecord.AllTenants && !caller.CoversAllTenants) return false;
        if (!caller.AllowsTenant(tenant)) return false;
        if (caller.Databases is null) return true;
        if (databases is null) return false;
        foreach (string database in databases)
        {
            if (!caller.AllowsDatabase(database)) return false;
        }

        return true;
    }

    private static (string? Tenant, IReadOnlyList<string>? Databases, ApiKeyRole Role, string? Name) ParseKeyRequest(ReadOnlySpan<byte> body)
    {
        string? tenant = null, name = null, role = null;
        IReadOnlyList<string>? databases = null;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) ThrowHelper.InvalidArgument("Expected a JSON object {\"tenant\", \"databases\", \"role\", \"name\"}");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string property = reader.GetString()!;
                reader.Read();
                switch (property)
                {
                    case "tenant": tenant = ReadName(ref reader, property); break;
                    case "name": name = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                    case "role": role = ReadName(ref reader, property); break;
                    case "databases": databases = ReadDatabases(ref reader); break;
                    default: ThrowHelper.InvalidArgument($"Unknown field '{property}'"); break;
                }
            }
        }
        catch (JsonException e)
        {
            ThrowHelper.InvalidArgument($"Failed to parse the request body as JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            ThrowHelper.InvalidArgument($"Failed to deserialize the JSON body: {e.Message}");
        }

        if (role is null) ThrowHelper.InvalidArgument("role is required: read, write or admin");
        ApiKeyRole parsed;
        try
        {
            parsed = ApiKeyScope.ParseRole(role);
        }
        catch (ArgumentException e)
        {
            throw new ChromaException(ChromaErrorCode.InvalidArgument, e.Message);
        }

        return (tenant, databases, parsed, name);
    }

    private static string ReadName(ref Utf8JsonReader reader, string property)
    {
        string? value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (string.IsNullOrEmpty(value) || value.Contains(',', StringComparison.Ordinal))
            ThrowHelper.InvalidArgument($"{property} must be a non-empty string without commas");
        return value;
    }

    private static IReadOnlyList<string>? ReadDatabases(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("*"u8)) return null;
        if (reader.TokenType != JsonTokenType.StartArray) ThrowHelper.InvalidArgument("databases must be an array of names, \"*\" or null");
        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string name = ReadName(ref reader, "databases[]");
            if (name == "*")
            {
                // "*" among names means all databases; leave the reader after the array for the next field.
                while (reader.TokenType != JsonTokenType.EndArray && reader.Read()) { }
                return null;
            }

            names.Add(name);
        }

        if (names.Count == 0) ThrowHelper.InvalidArgument("databases cannot be empty (use \"*\" for all)");
        return names;
    }

    private static void WriteKey(Utf8JsonWriter writer, ApiKeyRecord key, string? token)
    {
        writer.WriteStartObject();
        writer.WriteString("key_id", key.KeyId);
        if (token is not null) writer.WriteString("token", token);
        writer.WriteString("tenant", key.Tenant);
        writer.WriteStartArray("databases");
        if (key.Databases is null) writer.WriteStringValue("*");
        else foreach (string database in key.Databases) writer.WriteStringValue(database);
        writer.WriteEndArray();
        writer.WriteString("role", ApiKeyScope.FormatRole(key.Role));
        if (key.Name is null) writer.WriteNull("name");
        else writer.WriteString("name", key.Name);
        writer.WriteString("created_at", key.CreatedAt);
        writer.WriteEndObject();
    }
}
