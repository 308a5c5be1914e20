using System.Text.Json;

namespace Chroma.Api.Tests.Infrastructure;

/// <summary>
/// One raw HTTP exchange: status, body text as sent by the server (formatting matters for
/// int-vs-float), and the parsed JSON on demand. Assertion failures print the request, the
/// response and the tail of the server log.
/// </summary>
public sealed class ApiResponse
{
    private readonly Func<string> _serverLogTail;
    private JsonDocument? _document;

    public ApiResponse(string request, int status, string text, Func<string> serverLogTail)
    {
        Request = request;
        Status = status;
        Text = text;
        _serverLogTail = serverLogTail;
    }

    public string Request { get; }

    public int Status { get; }

    public string Text { get; }

    public JsonElement Json
    {
        get
        {
            if (_document is null)
            {
                try
                {
                    _document = JsonDocument.Parse(Text);
                }
                catch (JsonException e)
                {
                    Assert.Fail(Describe($"body is not JSON ({e.Message})"));
                }
            }

            return _document!.RootElement;
        }
    }

    /// <summary>Asserts the status and returns this response for chaining.</summary>
    public ApiResponse Expect(int status)
    {
        if (Status != status)
        {
            Assert.Fail(Describe($"expected HTTP {status}, got {Status}"));
        }

        return this;
    }

    /// <summary>Asserts a Chroma error body {"error": name, "message": "...fragment..."}.</summary>
    public ApiResponse ExpectError(int status, string errorName, string? messageFragment = null)
    {
        Expect(status);
        JsonElement root = Json;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("error", out JsonElement error)
            || !root.TryGetProperty("message", out JsonElement message)
            || message.ValueKind != JsonValueKind.String)
        {
            Assert.Fail(Describe("expected an error body {\"error\", \"message\"}"));
            return this;
        }

        if (error.GetString() != errorName)
        {
            Assert.Fail(Describe($"expected error \"{errorName}\", got \"{error.GetString()}\""));
        }

        if (messageFragment is not null
            && !message.GetString()!.Contains(messageFragment, StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(Describe($"expected the message to contain \"{messageFragment}\""));
        }

        return this;
    }

    public string Describe(string problem) =>
        $"{problem}\n  request:  {Truncate(Request, 600)}\n  status:   {Status}\n  response: {Truncate(Text, 1500)}\n"
        + $"  server log (tail):\n{_serverLogTail()}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
