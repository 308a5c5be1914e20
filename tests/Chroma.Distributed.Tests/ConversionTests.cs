using Chroma.Core.Filtering;
using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Distributed.Conversion;
using Chroma.Distributed.Log;
using Google.Protobuf;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Tests;

public class ConversionTests
{
    // Through the wire format too, not only the object graph: presence bits must serialize.
    private static T Reparse<T>(T message) where T : IMessage<T>, new()
    {
        var parsed = new T();
        parsed.MergeFrom(message.ToByteArray());
        return parsed;
    }

    [Fact]
    public void EveryMetadataKindRoundTripsWithItsKind()
    {
        Dictionary<string, MetadataValue> metadata = TestData.EveryKind();
        Dictionary<string, MetadataValue> back = MetadataConversions.FromProto(Reparse(MetadataConversions.ToProto(metadata)));
        Assertions.Equal(metadata, back);
        Assert.Equal(metadata.Keys, back.Keys); // the transport keeps key order
        Assert.Equal(MetadataValueKind.Int, back["i"].Kind);
        Assert.Equal(MetadataValueKind.Float, back["f"].Kind);
        Assert.Equal(MetadataValueKind.Null, back["gone"].Kind);
        Assert.Null(back["sv0"].AsSparseVector.Tokens);
        Assert.Equal(["a", "b", "c"], back["sv"].AsSparseVector.Tokens!);
    }

    [Fact]
    public void AMetadataValueWithNoKindIsRejected()
    {
        var error = Assert.Throws<ChromaException>(() => MetadataConversions.FromProto(new P.MetadataValue()));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void RecordBatchKeepsNullColumnsAndNullElementsApart()
    {
        RecordBatch full = TestData.FullBatch();
        Assertions.Equal(full, RecordConversions.FromProto(Reparse(RecordConversions.ToProto(full))));

        var idsOnly = new RecordBatch(["x", "y"]);
        RecordBatch back = RecordConversions.FromProto(Reparse(RecordConversions.ToProto(idsOnly)));
        Assert.Equal(["x", "y"], back.Ids);
        Assert.Null(back.Embeddings);
        Assert.Null(back.Documents);
        Assert.Null(back.Uris);
        Assert.Null(back.Metadatas);

        var allNullElements = new RecordBatch(["x"], [null], [null], [null], [null]);
        back = RecordConversions.FromProto(Reparse(RecordConversions.ToProto(allNullElements)));
        Assert.Equal(new float[]?[] { null }, back.Embeddings!);
        Assert.Equal(new string?[] { null }, back.Documents!);
        Assert.Equal(new string?[] { null }, back.Uris!);
        Assert.Null(Assert.Single(back.Metadatas!));
    }

    [Fact]
    public void EmbeddingsArePackedLittleEndianFloat32()
    {
        ByteString bytes = EmbeddingConversions.ToBytes([1f, -2f]);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, bytes.ToByteArray());
        Assertions.BitEqual([1f, -2f], EmbeddingConversions.FromBytes(bytes));
        Assert.Empty(EmbeddingConversions.FromBytes(ByteString.Empty));
    }

    [Fact]
    public void MalformedRecordMessagesAreInvalidArguments()
    {
        var ragged = new P.OptionalEmbedding { Data = ByteString.CopyFrom(1, 2, 3) };
        var proto = new P.RecordBatch { Ids = { "a" }, HasEmbeddings = true, Embeddings = { ragged } };
        var error = Assert.Throws<ChromaException>(() => RecordConversions.FromProto(proto));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Contains("3 bytes", error.Message);

        proto = new P.RecordBatch { Ids = { "a", "b" }, HasDocuments = true, Documents = { new P.OptionalString { Value = "x" } } };
        error = Assert.Throws<ChromaException>(() => RecordConversions.FromProto(proto));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Record batch has 2 ids but 1 documents.", error.Message);
    }

    [Fact]
    public void CollectionInfoRoundTripsEveryField()
    {
        var info = new CollectionInfo
        {
            Id = Guid.NewGuid(),
            Name = "things",
            Tenant = "t",
            Database = "d",
            Dimension = 3,
            Metadata = TestData.EveryKind(),
            Configuration = new CollectionConfiguration
            {
                Hnsw = new HnswConfiguration { Space = DistanceSpace.InnerProduct, EfConstruction = 7, EfSearch = 9, MaxNeighbors = 5, NumThreads = 3, ResizeFactor = 1.5, SyncThreshold = 11, BatchSize = 13 },
                EmbeddingFunctionJson = "{\"type\":\"known\"}",
            },
            SchemaJson = "{}",
            LogPosition = 42,
            Version = 3,
        };
        Assertions.Equal(info, CatalogConversions.FromProto(Reparse(CatalogConversions.ToProto(info))));

        var bare = new CollectionInfo { Id = Guid.NewGuid(), Name = "n", Tenant = "t", Database = "d" };
        CollectionInfo back = CatalogConversions.FromProto(Reparse(CatalogConversions.ToProto(bare)));
        Assertions.Equal(bare, back);
        Assert.Null(back.Dimension);
        Assert.Null(back.Metadata);
        Assert.Null(back.SchemaJson);
    }

    [Fact]
    public void CreateAndUpdateRequestsKeepWhatWasNotGiven()
    {
        var create = new Core.Catalog.CreateCollectionRequest
        {
            Tenant = "t",
            Database = "d",
            Name = "n",
            Configuration = new CollectionConfigurationRequest { Hnsw = new HnswConfigurationUpdate { Space = DistanceSpace.Cosine, EfSearch = 5 }, HasSpann = true, SpannSpace = DistanceSpace.L2 },
            GetOrCreate = true,
        };
        Core.Catalog.CreateCollectionRequest createBack = CatalogConversions.FromProto(Reparse(CatalogConversions.ToProto(create)));
        Assert.Equal(create.Configuration.Hnsw, createBack.Configuration!.Hnsw);
        Assert.Equal(create with { Configuration = null }, createBack with { Configuration = null });
        Assert.True(createBack.Configuration.HasSpann);
        Assert.Equal(DistanceSpace.L2, createBack.Configuration.SpannSpace);
        Assert.Null(createBack.Configuration.EmbeddingFunctionJson);

        var update = new Core.Catalog.UpdateCollectionRequest { Id = Guid.NewGuid(), NewName = "m", NewMetadata = new(StringComparer.Ordinal) };
        Core.Catalog.UpdateCollectionRequest updateBack = CatalogConversions.FromProto(Reparse(CatalogConversions.ToProto(update)));
        Assert.Equal(update.Id, updateBack.Id);
        Assert.Equal("m", updateBack.NewName);
        Assert.Null(updateBack.Tenant);
        Assert.Null(updateBack.NewHnsw);
        Assert.NotNull(updateBack.NewMetadata); // an empty map replaces; null keeps
        Assert.Empty(updateBack.NewMetadata);
    }

    [Fact]
    public void ReadRequestsCarryFiltersAsJsonAndParseThemBack()
    {
        WhereClause where = Where.And(Where.Eq("genre", "jazz"), Where.Gt("year", 2000), Where.In("rate", 1.0, 2.5));
        WhereDocumentClause document = WhereDocument.Or(WhereDocument.Contains("sax"), WhereDocument.NotContains("drum"));
        var get = new GetRequest { Ids = ["a"], Where = where, WhereDocument = document, Limit = 5, Offset = 2, Include = Include.Embeddings | Include.Uris };
        GetRequest getBack = ReadConversions.FromProto(Reparse(ReadConversions.ToProto(get)));
        Assert.Equal(where.ToJson(), getBack.Where!.ToJson());
        Assert.Equal(document.ToJson(), getBack.WhereDocument!.ToJson());
        Assert.Equal(["a"], getBack.Ids!);
        Assert.Equal(5, getBack.Limit);
        Assert.Equal(2, getBack.Offset);
        Assert.Equal(Include.Embeddings | Include.Uris, getBack.Include);

        GetRequest empty = ReadConversions.FromProto(Reparse(ReadConversions.ToProto(new GetRequest { Ids = [], Include = Include.None })));
        Assert.Empty(empty.Ids!); // no ids is not all ids
        Assert.Null(empty.Limit);
        Assert.Null(empty.Where);

        var query = new QueryRequest { QueryEmbeddings = [[1f, 2f], [-0f, float.Epsilon]], NResults = 3, Where = where, Include = Include.QueryDefault };
        QueryRequest queryBack = ReadConversions.FromProto(Reparse(ReadConversions.ToProto(query)));
        Assertions.EqualEmbeddings(query.QueryEmbeddings, queryBack.QueryEmbeddings);
        Assert.Equal(3, queryBack.NResults);
        Assert.Null(queryBack.Ids);
        Assert.Equal(where.ToJson(), queryBack.Where!.ToJson());
        Assert.Equal(Include.QueryDefault, queryBack.Include);
    }

    [Fact]
    public void AnInvalidFilterIsRejectedWithTheParsersMessage()
    {
        var proto = new P.GetRequest { WhereJson = "{\"a\": {\"$bogus\": 1}}" };
        var error = Assert.Throws<ChromaException>(() => ReadConversions.FromProto(proto));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);

        proto = new P.GetRequest { WhereJson = "{not json" };
        error = Assert.Throws<ChromaException>(() => ReadConversions.FromProto(proto));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("Invalid where JSON", error.Message);
    }

    [Fact]
    public void QueryResultKeepsDistancesAndMissingColumns()
    {
        var result = new QueryResult
        {
            Results = [new GetResult { Ids = ["a", "b"], Documents = ["x", null] }, new GetResult { Ids = [] }],
            Distances = [[0.25f, 1f / 3f], []],
        };
        Assertions.Equal(result, ReadConversions.FromProto(Reparse(ReadConversions.ToProto(result))));

        var noDistances = new QueryResult { Results = [new GetResult { Ids = ["a"] }] };
        Assert.Null(ReadConversions.FromProto(Reparse(ReadConversions.ToProto(noDistances))).Distances);
    }

    [Fact]
    public void LogEntriesAndRangesRoundTrip()
    {
        var entry = new LogEntry(17, OperationKind.Upsert, TestData.FullBatch());
        LogEntry back = LogConversions.FromProto(Reparse(LogConversions.ToProto(entry)));
        Assert.Equal(17, back.FirstOffset);
        Assert.Equal(19, back.LastOffset);
        Assert.Equal(OperationKind.Upsert, back.Operation);
        Assertions.Equal(entry.Records, back.Records);

        foreach (OperationKind kind in Enum.GetValues<OperationKind>())
        {
            Assert.Equal(kind, LogConversions.FromProto(LogConversions.ToProto(kind)));
        }

        var error = Assert.Throws<ChromaException>(() => LogConversions.FromProto(P.OperationKind.Unspecified));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);

        var range = new CollectionLogRange(Guid.NewGuid(), 5, 9);
        Assert.Equal(range, LogConversions.FromProto(Reparse(LogConversions.ToProto(range))));
        Assert.Equal(5, range.UncompactedRecords);
    }

    [Fact]
    public void IdsAreGuidTextAndGarbageIsInvalid()
    {
        Guid id = Guid.NewGuid();
        Assert.Equal(id, IdConversions.FromProto(IdConversions.ToProto(id)));
        var error = Assert.Throws<ChromaException>(() => IdConversions.FromProto("nope"));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid collection id 'nope': not a UUID.", error.Message);
    }
}
