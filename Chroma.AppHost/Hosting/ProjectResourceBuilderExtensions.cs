namespace Chroma.AppHost.Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>A project (a .csproj, or a built .dll); a relative path is resolved from the AppHost folder.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath)
    {
        string fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        return builder.AddResource(new ProjectResource(name, fullPath));
    }

    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.ReplicaCount = replicas;
        return builder;
    }

    /// <summary>An HTTP/1.1 endpoint (Kestrel Http1AndHttp2); <paramref name="port"/> null allocates a free port per replica.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, string name = "http", int? port = null)
    {
        builder.Resource.AddEndpoint(new EndpointDefinition(name, EndpointDefinition.Http, port, false));
        return builder;
    }

    /// <summary>An HTTP/2-only endpoint, what cleartext gRPC needs (h2c with prior knowledge).</summary>
    public static IResourceBuilder<ProjectResource> WithHttp2Endpoint(this IResourceBuilder<ProjectResource> builder, string name = "grpc", int? port = null)
    {
        builder.Resource.AddEndpoint(new EndpointDefinition(name, EndpointDefinition.Http2, port, false));
        return builder;
    }

    /// <summary>Marks the endpoints external in the manifest (reachable from outside the deployment).</summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.MarkEndpointsExternal();
        return builder;
    }
}
