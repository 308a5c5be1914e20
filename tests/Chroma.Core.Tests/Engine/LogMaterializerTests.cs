using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Segments;

namespace Chroma.Core.Tests.Engine;

public class LogMaterializerTests
{
    private static Dictionary<string, MetadataValue> Meta(params (string Key, MetadataValue Value)[] pairs)
    {
        var map = new Dictionary<string, MetadataValue>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs) map[key] = value;
        return map;
    }

    private static LogEntry Entry(long offset, OperationKind op, string[] ids, float[]?[]? embeddings = null,
        string?[]? documents = null, Dictionary<string, MetadataValue>?[]? metadatas = null) =>
        new(offset, op, new RecordBatch(ids, embeddings, documents, null, metadatas));

    [Fact]
    public void AddOfAnExistingIdIsIgnored()
    {
        var m = new LogMaterializer(null);
        m.Apply(Entry(1, OperationKind.Add, ["a"], [[1f, 2f]], ["first"]));
        m.Apply(Entry(2, OperationKind.Add, ["a"], [[3f, 4f]], ["second"]));

        MaterializedRecord record = m.Changes["a"].Current!;
        Assert.Equal("first", record.Document);
        Assert.Equal([1f, 2f], record.Embedding);
        Assert.Equal(1, record.Sequence);
    }

    [Fact]
    public void UpdateMergesMetadataKeyByKeyAndNullDeletesAKey()
    {
        var m = new LogMaterializer(null);
        m.Apply(Entry(1, OperationKind.Add, ["a"], [[1f]], ["doc"], [Meta(("x", 1), ("y", "keep"), ("z", true))]));
        m.Apply(Entry(2, OperationKind.Update, ["a"], null, null, [Meta(("x", 2.5), ("z", MetadataValue.Null))]));

        MaterializedRecord record = m.Changes["a"].Current!;
        Assert.Equal("doc", record.Document);
        Assert.Equal([1f], record.Embedding);
        Assert.Equal(2, record.Metadata!.Count);
        Assert.Equal(MetadataValue.FromFloat(2.5), record.Metadata["x"]);
        Assert.Equal(MetadataValue.FromString("keep"), record.Metadata["y"]);
        Assert.Equal(1, record.Sequence);
    }

    [Fact]
    public void UpdateOfAMissingIdIsIgnored()
    {
        var m = new LogMaterializer(null);
        m.Apply(Entry(1, OperationKind.Update, ["ghost"], [[1f]], ["doc"]));
        Assert.Empty(m.Changes);
    }

    [Fact]
    public void UpsertAddsMissingIdsAndMergesExistingOnes()
    {
        var m = new LogMaterializer(null);
        m.Apply(Entry(1, OperationKind.Add, ["a"], [[1f]], ["doc-a"], [Meta(("k", "v"))]));
        m.Apply(Entry(2, OperationKind.Upsert, ["a", "b"], [[9f], [2f]], null, [Meta(("n", 1)), null]));

        MaterializedRecord a = m.Changes["a"].Current!;
        Assert.Equal([9f], a.Embedding);
        Assert.Equal("doc-a", a.Document);
        Assert.Equal(2, a.Metadata!.Count);
        Assert.True(a.EmbeddingChanged);

        MaterializedRecord b = m.Changes["b"].Current!;
        Assert.Equal(3, b.Sequence);
        Assert.Null(b.Metadata);
    }

    [Fact]
    public void RecordAddedAndDeletedInTheTailLeavesNoChange()
    {
        var m = new LogMaterializer(null);
        m.Apply(Entry(1, OperationKind.Add, ["a"], [[1f]]));
        m.Apply(Entry(2, OperationKind.Delete, ["a"]));
        Assert.Empty(m.Changes);
    }

    [Fact]
    public void AllNullMetadataIsStoredAsNull()
    {
        var m = new LogMaterializer(null);
        m.Apply(Entry(1, OperationKind.Add, ["a"], [[1f]], null, [Meta(("x", 1))]));
        m.Apply(Entry(2, OperationKind.Update, ["a"], null, null, [Meta(("x", MetadataValue.Null))]));
        Assert.Null(m.Changes["a"].Current!.Metadata);
    }

    [Fact]
    public void ReAddAfterDeleteGetsANewSequence()
    {
        var m = new LogMaterializer(null);
        m.Apply(Entry(1, OperationKind.Add, ["a", "b"], [[1f], [2f]]));
        m.Apply(Entry(3, OperationKind.Delete, ["a"]));
        m.Apply(Entry(4, OperationKind.Add, ["a"], [[5f]]));
        Assert.Equal(4, m.Changes["a"].Current!.Sequence);
    }
}
