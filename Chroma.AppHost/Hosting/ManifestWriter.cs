using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// Writes the Aspire deployment manifest (schema aspire-8.0) of an application's resources, the input azd
/// reads to deploy the same wiring to Azure. Each resource adds its own entry.
/// </summary>
internal sealed class ManifestWriter(AppHostOptions options, string manifestDirectory)
{
    public const string SchemaUrl = "https://json.schemastore.org/aspire-8.0.json";

    private readonly JsonObject _resources = [];

    public AppHostOptions Options { get; } = options;

    public void AddResource(string name, JsonObject entry)
    {
        if (_resources.ContainsKey(name)) throw new InvalidOperationException($"The manifest already has a resource named '{name}'.");
        _resources[name] = entry;
    }

    /// <summary>Paths in a manifest are relative to the manifest file, with forward slashes.</summary>
    public string RelativePath(string path) => Path.GetRelativePath(manifestDirectory, path).Replace('\\', '/');

    public JsonObject ToJson() => new()
    {
        ["$schema"] = SchemaUrl,
        ["resources"] = _resources,
    };

    public static string Serialize(JsonObject manifest) =>
        manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
