namespace Chroma.AppHost.Hosting;

/// <summary>A declared resource plus the builder it belongs to; the With* extension methods chain on it.</summary>
public interface IResourceBuilder<out T> where T : Resource
{
    T Resource { get; }
    DistributedApplicationBuilder ApplicationBuilder { get; }
}
