namespace Chroma.AppHost.Hosting;

/// <summary>Parameters (Aspire's AddParameter) and how projects receive them.</summary>
public static class ParameterBuilderExtensions
{
    /// <summary>A parameter; see <see cref="ParameterResource"/> for where its value comes from.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this DistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret));

    /// <summary>Prints the value on the host console at start-up (an admin token the operator needs).</summary>
    public static IResourceBuilder<ParameterResource> WithValueShownAtStart(this IResourceBuilder<ParameterResource> builder)
    {
        builder.Resource.ShowAtStart = true;
        return builder;
    }

    /// <summary>
    /// Sets <paramref name="name"/> to the parameter's value: the value itself when the application runs,
    /// <c>{parameter.value}</c> in the manifest, so a secret never appears in it.
    /// </summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : Resource
    {
        builder.Resource.AddEnvironment(name, parameter.Resource);
        return builder;
    }
}
