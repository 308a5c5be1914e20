namespace Chroma.AppHost.Hosting;

/// <summary>A resource that others reach through <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The connection string of the running resource (known once ports and secrets are allocated).</summary>
    string GetConnectionString();

    /// <summary>The same connection string as a manifest expression (<c>{postgres.bindings.tcp.port}</c>...).</summary>
    string ConnectionStringExpression { get; }
}
