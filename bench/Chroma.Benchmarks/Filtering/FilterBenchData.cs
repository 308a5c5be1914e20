using System.Text;
using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Model;

namespace Chroma.Benchmarks.Filtering;

/// <summary>
/// The filtering bench dataset (seed 42): metadata {category: one of 16 words, year: int in
/// 1990..2024, score: float in [0, 1)} and documents of 6-14 words from a 128-word vocabulary.
/// </summary>
internal sealed class FilterBenchData
{
    public static readonly string[] Categories =
    [
        "news", "sport", "tech", "art", "music", "film", "travel", "food",
        "health", "science", "politics", "business", "fashion", "games", "books", "nature",
    ];

    public FilterBenchData(int count, int seed = 42)
    {
        var random = new Random(seed);
        Vocabulary = MakeVocabulary(128);
        var metadatas = new Dictionary<string, MetadataValue>?[count];
        var documents = new string?[count];
        var words = new string[14];
        for (int i = 0; i < count; i++)
        {
            metadatas[i] = new Dictionary<string, MetadataValue>(StringComparer.Ordinal)
            {
                ["category"] = Categories[random.Next(Categories.Length)],
                ["year"] = random.Next(1990, 2025),
                ["score"] = random.NextDouble(),
            };
            int length = random.Next(6, 15);
            for (int w = 0; w < length; w++) words[w] = Vocabulary[random.Next(Vocabulary.Length)];
            documents[i] = string.Join(' ', words, 0, length);
        }

        Metadatas = Array.ConvertAll(metadatas, CompactMetadata.From);
        Documents = Array.ConvertAll(documents, document => document is null ? null : Encoding.UTF8.GetBytes(document));
        Live = new ulong[LabelBitset.WordCount(count)];
        for (int label = 0; label < count; label++) LabelBitset.Set(Live, label);
    }

    public string[] Vocabulary { get; }
    // Both as the record store keeps them.
    public CompactMetadata?[] Metadatas { get; }
    public byte[]?[] Documents { get; }
    public ulong[] Live { get; }

    public FilterIndexes CreateIndexes() => new(Metadatas, Documents, Metadatas.Length, Live);

    /// <summary>Pronounceable distinct words of 4-8 letters from syllables.</summary>
    private static string[] MakeVocabulary(int count)
    {
        string[] syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "pa", "do", "gu"];
        var random = new Random(7);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < count)
        {
            int parts = random.Next(2, 5);
            var word = new System.Text.StringBuilder();
            for (int p = 0; p < parts; p++) word.Append(syllables[random.Next(syllables.Length)]);
            words.Add(word.ToString());
        }
        return [.. words];
    }
}
