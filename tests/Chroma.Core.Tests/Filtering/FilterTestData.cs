using System.Text.Json;
using Chroma.Core.Filtering;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Filtering;

/// <summary>The five records of the golden transcript's filter cases, plus helpers.</summary>
public static class FilterTestData
{
    public sealed record TestRecord(string Id, string? Document, Dictionary<string, MetadataValue>? Metadata);

    public static readonly TestRecord[] Records =
    [
        new("a", "apple pie", new()
        {
            ["color"] = "red", ["n"] = 1, ["f"] = 1.5, ["ok"] = true, ["tags"] = MetadataValue.FromStrings(["x", "y"]),
        }),
        // f was sent as JSON 2, so it is stored as an int.
        new("b", "banana split", new()
        {
            ["color"] = "yellow", ["n"] = 2, ["f"] = 2, ["ok"] = false, ["tags"] = MetadataValue.FromStrings(["y"]),
        }),
        new("c", "cherry tart", new() { ["color"] = "red", ["n"] = 3, ["f"] = 2.5 }),
        new("d", null, null),
        new("e", "Apple Crumble", new()
        {
            ["color"] = "green", ["n"] = 10, ["f"] = 0.5, ["ok"] = true, ["nums"] = MetadataValue.FromInts([1, 2, 3]),
        }),
    ];

    public static WhereClause ParseWhere(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return WhereClause.Parse(document.RootElement);
    }

    public static WhereDocumentClause ParseWhereDocument(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return WhereDocumentClause.Parse(document.RootElement);
    }

    /// <summary>Ids of the records the filter keeps, comma-separated in insertion order.</summary>
    public static string MatchingIds(WhereClause? where, WhereDocumentClause? whereDocument = null) =>
        MatchingIds(RecordFilter.Create(where, whereDocument), Records);

    public static string MatchingIds(RecordFilter? filter, IEnumerable<TestRecord> records)
    {
        var ids = new List<string>();
        foreach (TestRecord record in records)
        {
            if (filter is null || filter.Matches(record.Metadata, record.Document)) ids.Add(record.Id);
        }
        return string.Join(",", ids);
    }

    public static string WhereIds(string whereJson) => MatchingIds(ParseWhere(whereJson));

    public static string DocumentIds(string whereDocumentJson) => MatchingIds(null, ParseWhereDocument(whereDocumentJson));

    /// <summary>One record holding only <paramref name="key"/> = <paramref name="value"/>, evaluated against a where clause.</summary>
    public static bool MatchesSingle(string whereJson, string key, MetadataValue value) =>
        RecordFilter.Create(ParseWhere(whereJson), null)!.Matches(new Dictionary<string, MetadataValue> { [key] = value }, null);
}
