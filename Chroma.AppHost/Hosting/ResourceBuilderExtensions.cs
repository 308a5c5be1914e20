namespace Chroma.AppHost.Hosting;

/// <summary>The With* methods every resource has: references, waits and environment, as in Aspire.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>
    /// Injects the source's connection information: ConnectionStrings__&lt;name&gt; for a database or blobs,
    /// services__&lt;name&gt;__&lt;endpoint&gt;__&lt;i&gt; for every endpoint of every replica of a project.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> source) where T : Resource
    {
        builder.Resource.AddReference(source.Resource);
        return builder;
    }

    /// <summary>Holds this resource's start until <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        builder.Resource.AddWaitFor(dependency.Resource);
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : Resource
    {
        builder.Resource.AddEnvironment(name, value);
        return builder;
    }
}
