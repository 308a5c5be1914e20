using Chroma.Core.Catalog;
using Chroma.Core.Execution;

namespace Chroma.Core;

/// <summary>
/// The embedded entry point: the whole engine in process over one folder. Single node is this
/// engine behind HTTP. (Engine module.)
/// </summary>
public sealed partial class ChromaEngine : IAsyncDisposable
{
    private ChromaEngine() { }

    public ICatalog Catalog => throw new NotImplementedException();
    public IRecordWriter Writer => throw new NotImplementedException();
    public IRecordReader Reader => throw new NotImplementedException();
    public bool AllowReset => throw new NotImplementedException();

    public static Task<ChromaEngine> OpenAsync(ChromaEngineOptions options, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
