namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// The distributed tests run one class at a time: each class starts a whole application (seven
/// processes plus PostgreSQL and Azurite), and two at once on a small machine only slow both down.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DistributedCollection
{
    public const string Name = "Distributed Chroma";
}
