using System.Text.Json;

namespace Chroma.Api.Json;

/// <summary>Checks that a body is one well-formed JSON value (for routes that do not read it further).</summary>
internal static class JsonSyntax
{
    public static void Check(ReadOnlySpan<byte> body) => ParseGuard.Run(body, 0, static (b, _) =>
    {
        var reader = new Utf8JsonReader(b);
        bool any = false;
        while (reader.Read()) any = true;
        if (!any) throw new JsonException("EOF while parsing a value", null, 0, 0);
        return 0;
    });
}
