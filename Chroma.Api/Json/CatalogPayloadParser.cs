namespace Chroma.Api.Json;

/// <summary>The small bodies of the tenant and database routes.</summary>
internal static class CatalogPayloadParser
{
    /// <summary><c>{"name"}</c> of create tenant / create database.</summary>
    public static string ParseName(ReadOnlySpan<byte> body, string typeName) =>
        ParseGuard.Run(body, typeName, static (b, type) => ParseRequiredString(b, type, "name"u8, "name"));

    /// <summary><c>{"resource_name"}</c> of update tenant.</summary>
    public static string ParseResourceName(ReadOnlySpan<byte> body) =>
        ParseGuard.Run(body, 0, static (b, _) => ParseRequiredString(b, "struct UpdateTenantPayload", "resource_name"u8, "resource_name"));

    private static string ParseRequiredString(ReadOnlySpan<byte> body, string typeName, ReadOnlySpan<byte> utf8Field, string field)
    {
        var reader = new PayloadReader(body);
        reader.ReadRootObject(typeName);
        string? value = null;
        while (reader.NextProperty())
        {
            if (reader.PropertyIs(utf8Field)) value = reader.ReadString(field);
            else reader.SkipValue();
        }

        if (value is null) throw reader.MissingField("", field);
        reader.EnsureEnd();
        return value;
    }
}
