using Chroma.Api.Tests.Suite;
using Xunit.Abstractions;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// The same Chroma API suite that runs against single node (tests/Chroma.Api.Tests), here against the
/// gateway of the full distributed application: catalog routes reach the SysDb, writes the Log, reads a
/// Query replica. The suite reads right after it writes, so it also checks read-your-writes across
/// processes (the Query replica scouts the Log on every read). Auth is on, as the wiring sets it: the suite's
/// client sends the bootstrap admin token; the auth matrix and the stateful quotas run against the same
/// application (DistributedApiTests.Policies.cs).
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed partial class DistributedApiTests : ChromaApiSuite, IClassFixture<DistributedAppFixture>
{
    private readonly DistributedAppFixture _app;

    public DistributedApiTests(DistributedAppFixture app, ITestOutputHelper output)
        : base(app, output)
    {
        _app = app;
    }
}
