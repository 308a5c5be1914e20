namespace Chroma.AppHost.Hosting;

public static class AzuriteBuilderExtensions
{
    /// <summary>Azure Storage run locally by Azurite (what Aspire's AddAzureStorage(...).RunAsEmulator() gives).</summary>
    public static IResourceBuilder<AzuriteResource> AddAzurite(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new AzuriteResource(name));

    public static IResourceBuilder<AzuriteResource> WithDataDirectory(this IResourceBuilder<AzuriteResource> builder, string path)
    {
        builder.Resource.DataDirectory = Path.GetFullPath(path);
        return builder;
    }

    public static IResourceBuilder<AzuriteBlobsResource> AddBlobs(this IResourceBuilder<AzuriteResource> builder, string name) =>
        builder.ApplicationBuilder.AddResource(new AzuriteBlobsResource(name, builder.Resource));
}
