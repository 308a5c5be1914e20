using System.Text.Json;

namespace Chroma.Api.Json;

/// <summary>Body of POST …/get, as parsed; filters are still raw JSON (see <see cref="FilterParsing"/>).</summary>
internal sealed record GetPayload(
    string[]? Ids,
    JsonElement? Where,
    JsonElement? WhereDocument,
    long? Limit,
    long? Offset,
    IncludeList Include);

/// <summary>Body of POST …/query, as parsed.</summary>
internal sealed record QueryPayload(
    float[][] QueryEmbeddings,
    long NResults,
    string[]? Ids,
    JsonElement? Where,
    JsonElement? WhereDocument,
    IncludeList Include);

/// <summary>Body of POST …/delete, as parsed.</summary>
internal sealed record DeletePayload(
    string[]? Ids,
    JsonElement? Where,
    JsonElement? WhereDocument,
    long? Limit);
