using Chroma.Api.Tests.Suite;
using Xunit.Abstractions;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// The same Chroma API suite that runs against single node (tests/Chroma.Api.Tests), here against the
/// gateway of the full distributed application: catalog routes reach the SysDb, writes the Log, reads a
/// Query replica. The suite reads right after it writes, so it also checks read-your-writes across
/// processes (the Query replica scouts the Log on every read).
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedApiTests : ChromaApiSuite, IClassFixture<DistributedAppFixture>
{
    public DistributedApiTests(DistributedAppFixture app, ITestOutputHelper output)
        : base(app, output)
    {
    }
}
