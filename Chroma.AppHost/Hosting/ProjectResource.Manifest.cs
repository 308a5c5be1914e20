using System.Text.Json.Nodes;

namespace Chroma.AppHost.Hosting;

public sealed partial class ProjectResource
{
    /// <summary>
    /// project.v0: the project path relative to the manifest, its bindings, and its environment as manifest
    /// expressions that the deployment tool resolves ({x.connectionString}, {p.bindings.http.url}).
    /// Replicas are not part of the aspire-8.0 schema (project.v0 allows no extra property), so they are not written.
    /// </summary>
    internal override void WriteManifest(ManifestWriter manifest)
    {
        var env = new JsonObject
        {
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
        };
        var bindings = new JsonObject();
        foreach (var endpoint in _endpoints)
        {
            env[$"Kestrel__Endpoints__{endpoint.Name}__Url"] = $"http://*:{{{Name}.bindings.{endpoint.Name}.targetPort}}";
            env[$"Kestrel__Endpoints__{endpoint.Name}__Protocols"] = endpoint.KestrelProtocols;
            var binding = new JsonObject
            {
                ["scheme"] = "http",
                ["protocol"] = "tcp",
                ["transport"] = endpoint.Transport,
            };
            if (endpoint.Port is int port) binding["port"] = port;
            if (endpoint.IsExternal) binding["external"] = true;
            bindings[endpoint.Name] = binding;
        }
        if (manifest.Options.AllowReset) env["ALLOW_RESET"] = "true";
        foreach (var reference in References)
        {
            if (reference is IResourceWithConnectionString)
            {
                env["ConnectionStrings__" + reference.Name] = $"{{{reference.Name}.connectionString}}";
            }
            else if (reference is ProjectResource project)
            {
                // A deployed project is one service behind one address, so index 0 is the only entry.
                foreach (var endpoint in project.Endpoints)
                    env[$"services__{project.Name}__{endpoint.Name}__0"] = $"{{{project.Name}.bindings.{endpoint.Name}.url}}";
            }
        }
        foreach (var (key, value) in Environment) env[key] = value;
        foreach (var (key, parameter) in ParameterEnvironment) env[key] = parameter.ValueExpression;

        manifest.AddResource(Name, new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = manifest.RelativePath(ProjectPath),
            ["env"] = env,
            ["bindings"] = bindings,
        });
    }
}
