using Chroma.Api.Tests.Infrastructure;
using Chroma.Api.Tests.Suite;
using Xunit.Abstractions;

namespace Chroma.Api.Tests.SingleNode;

/// <summary>The API suite against the single-node host (Chroma.Gateway) as a child process.</summary>
public sealed class SingleNodeApiTests : ChromaApiSuite, IClassFixture<SingleNodeServerFixture>
{
    public SingleNodeApiTests(SingleNodeServerFixture server, ITestOutputHelper output)
        : base(server, output)
    {
    }
}
