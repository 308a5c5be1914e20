namespace Chroma.AppHost.Hosting;

/// <summary>
/// A named endpoint of a project. Transport "http" is Kestrel's Http1AndHttp2 (which, without TLS, serves
/// HTTP/1.1); "http2" is an HTTP/2-only endpoint, what cleartext gRPC needs.
/// </summary>
public sealed record EndpointDefinition(string Name, string Transport, int? Port, bool IsExternal)
{
    public const string Http = "http";
    public const string Http2 = "http2";

    /// <summary>Kestrel's Protocols value for this endpoint.</summary>
    public string KestrelProtocols => Transport == Http2 ? "Http2" : "Http1AndHttp2";
}
