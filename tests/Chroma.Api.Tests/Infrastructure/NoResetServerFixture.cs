namespace Chroma.Api.Tests.Infrastructure;

/// <summary>A single-node server started without --allow-reset.</summary>
public sealed class NoResetServerFixture : SingleNodeServerFixture
{
    public NoResetServerFixture()
        : base(allowReset: false)
    {
    }
}
