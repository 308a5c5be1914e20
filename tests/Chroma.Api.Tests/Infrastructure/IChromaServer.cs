namespace Chroma.Api.Tests.Infrastructure;

/// <summary>
/// A running Chroma-compatible deployment the API suite talks to over HTTP. Single node is the
/// first implementation; the distributed app and an HTTP shell over the embedded engine can
/// implement it later and reuse <see cref="Suite.ChromaApiSuite"/> unchanged.
/// </summary>
public interface IChromaServer
{
    Uri BaseAddress { get; }

    /// <summary>A client whose BaseAddress is <see cref="BaseAddress"/>; shared, do not dispose.</summary>
    HttpClient Client { get; }

    /// <summary>Whether POST /api/v2/reset is allowed on this deployment.</summary>
    bool AllowsReset { get; }

    /// <summary>Server log lines captured so far (shown with failing tests).</summary>
    IReadOnlyList<string> LogLines { get; }
}
