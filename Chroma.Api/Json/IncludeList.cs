using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>The <c>include</c> of a get/query: the flags for the engine and the list echoed back in request order.</summary>
internal sealed class IncludeList
{
    public const string ExpectedVariants = "`distances`, `documents`, `embeddings`, `metadatas`, `uris`";

    public static readonly IncludeList GetDefault = new([Include.Documents, Include.Metadatas]);
    public static readonly IncludeList QueryDefault = new([Include.Documents, Include.Metadatas, Include.Distances]);

    public IncludeList(Include[] items)
    {
        Items = items;
        foreach (var item in items) Flags |= item;
    }

    public Include[] Items { get; }

    public Include Flags { get; }

    public bool Has(Include field) => (Flags & field) != 0;

    public static bool TryParse(string value, out Include include)
    {
        switch (value)
        {
            case "documents": include = Include.Documents; return true;
            case "embeddings": include = Include.Embeddings; return true;
            case "metadatas": include = Include.Metadatas; return true;
            case "uris": include = Include.Uris; return true;
            case "distances": include = Include.Distances; return true;
            default: include = Include.None; return false;
        }
    }

    public static string ToWire(Include include) => include switch
    {
        Include.Documents => "documents",
        Include.Embeddings => "embeddings",
        Include.Metadatas => "metadatas",
        Include.Uris => "uris",
        Include.Distances => "distances",
        _ => throw new ArgumentOutOfRangeException(nameof(include)),
    };
}
