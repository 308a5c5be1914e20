using System.Text.Json;

namespace Chroma.Api.Tests.Policies;

internal static class ErrorBody
{
    /// <summary>Asserts Chroma's {"error","message"} body and returns the message.</summary>
    public static string Message(string body)
    {
        using var document = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.String, document.RootElement.GetProperty("error").ValueKind);
        return document.RootElement.GetProperty("message").GetString()!;
    }
}
