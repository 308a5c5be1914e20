using System.Text.Json.Nodes;

namespace Chroma.AppHost.Hosting;

/// <summary>The blob service of an <see cref="AzuriteResource"/>, referenced as ConnectionStrings__&lt;name&gt;.</summary>
public sealed class AzuriteBlobsResource : Resource, IResourceWithConnectionString
{
    internal AzuriteBlobsResource(string name, AzuriteResource storage) : base(name)
    {
        Storage = storage;
        AddWaitFor(storage);
    }

    public AzuriteResource Storage { get; }
    public override Resource? Parent => Storage;

    public string ConnectionStringExpression =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteResource.AccountName};AccountKey={AzuriteResource.AccountKey};" +
        $"BlobEndpoint=http://{{{Storage.Name}.bindings.blob.host}}:{{{Storage.Name}.bindings.blob.port}}/{AzuriteResource.AccountName};";

    public string GetConnectionString() =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteResource.AccountName};AccountKey={AzuriteResource.AccountKey};BlobEndpoint={Storage.BlobEndpoint};";

    internal override void Prepare(RunContext context) => Replicas = [new ResourceReplica(this, 0, Name)];

    internal override Task StartAsync(RunContext context, CancellationToken cancellationToken)
    {
        Replicas[0].State = ReplicaState.Running;
        context.OnChanged();
        return Task.CompletedTask;
    }

    internal override Task<bool> ProbeAsync(RunContext context, int replica, CancellationToken cancellationToken) =>
        Storage.ProbeAsync(context, 0, cancellationToken);

    internal override void WriteManifest(ManifestWriter manifest) =>
        manifest.AddResource(Name, new JsonObject
        {
            ["type"] = "value.v0",
            ["connectionString"] = ConnectionStringExpression,
        });
}
