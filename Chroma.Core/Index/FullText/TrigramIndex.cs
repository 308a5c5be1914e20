using System.Text;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Memory;

namespace Chroma.Core.Index.FullText;

/// <summary>
/// Trigram postings over the documents of one immutable version: for every run of three
/// UTF-16 code units, the sorted labels whose document holds it. Chroma's document
/// $contains is a case-sensitive ordinal substring test, which is exactly a code-unit
/// substring test, so code-unit trigrams never miss a match: a document containing the
/// needle contains every trigram of it. The converse does not hold (the trigrams may occur
/// apart), so candidates are verified, except for a three-unit needle, whose one trigram IS
/// the needle. Only live labels are indexed. Immutable and thread-safe once built.
/// </summary>
public sealed class TrigramIndex
{
    private readonly Dictionary<ulong, PostingList> _postings;

    private TrigramIndex(Dictionary<ulong, PostingList> postings, int labelCount)
    {
        _postings = postings;
        LabelCount = labelCount;
    }

    /// <summary>The shortest needle the index can answer; shorter ones need a scan.</summary>
    public const int MinNeedleLength = 3;

    public int LabelCount { get; }

    /// <summary>Distinct trigrams in the index.</summary>
    public int TrigramCount => _postings.Count;

    /// <summary>Approximate bytes held (<see cref="HeapSize"/>); walks every trigram, so callers keep the result.</summary>
    internal long EstimatedBytes
    {
        get
        {
            long bytes = HeapSize.ObjectOverhead + HeapSize.DictionaryOverhead;
            foreach (PostingList postings in _postings.Values)
            {
                bytes += HeapSize.DictionaryEntryOverhead + sizeof(ulong) + IntPtr.Size + postings.EstimatedBytes;
            }
            return bytes;
        }
    }

    public static TrigramIndex Build(ReadOnlySpan<byte[]?> documents, ReadOnlySpan<ulong> live)
    {
        int labelCount = documents.Length;
        var builders = new Dictionary<ulong, PostingListBuilder>();
        // Documents are stored in UTF-8 and indexed by UTF-16 code units (what a needle is):
        // each is decoded into one reused buffer.
        char[] text = BufferPool<char>.Rent(256);
        ulong[] scratch = BufferPool<ulong>.Rent(256);
        try
        {
            for (int label = 0; label < labelCount; label++)
            {
                byte[]? document = documents[label];
                // A UTF-8 document has at least as many bytes as UTF-16 code units.
                if (document is null || document.Length < MinNeedleLength || !LabelBitset.IsSet(live, label)) continue;
                if (text.Length < document.Length)
                {
                    BufferPool<char>.Return(text);
                    text = BufferPool<char>.Rent(document.Length);
                    BufferPool<ulong>.Return(scratch);
                    scratch = BufferPool<ulong>.Rent(document.Length);
                }

                int length = Encoding.UTF8.GetChars(document, text);
                int count = DistinctTrigrams(text.AsSpan(0, length), scratch);
                for (int i = 0; i < count; i++)
                {
                    if (!builders.TryGetValue(scratch[i], out PostingListBuilder? builder))
                    {
                        builder = new PostingListBuilder();
                        builders.Add(scratch[i], builder);
                    }
                    builder.Add(label);
                }
            }
        }
        finally
        {
            BufferPool<char>.Return(text);
            BufferPool<ulong>.Return(scratch);
        }

        var postings = new Dictionary<ulong, PostingList>(builders.Count);
        foreach (var (trigram, builder) in builders) postings.Add(trigram, builder.Build(labelCount));
        return new TrigramIndex(postings, labelCount);
    }

    /// <summary>
    /// destination &amp;= the labels whose document holds every trigram of <paramref name="needle"/>
    /// (length &gt;= <see cref="MinNeedleLength"/>). Returns true when that is exactly the set
    /// of documents containing the needle (a three-unit needle), false when candidates still
    /// need an ordinal substring check.
    /// </summary>
    public bool IntersectCandidates(ReadOnlySpan<char> needle, Span<ulong> destination)
    {
        if (needle.Length < MinNeedleLength) throw new ArgumentException($"A trigram lookup needs at least {MinNeedleLength} characters.", nameof(needle));
        ulong[] scratch = BufferPool<ulong>.Rent(needle.Length);
        try
        {
            int count = DistinctTrigrams(needle, scratch);
            for (int i = 0; i < count; i++)
            {
                if (!_postings.TryGetValue(scratch[i], out PostingList? postings))
                {
                    destination.Clear();
                    return true;
                }
                postings.AndInto(destination);
            }
            return needle.Length == MinNeedleLength;
        }
        finally
        {
            BufferPool<ulong>.Return(scratch);
        }
    }

    /// <summary>An upper bound on the documents containing <paramref name="needle"/>: its rarest trigram's count.</summary>
    public int EstimateCandidates(ReadOnlySpan<char> needle)
    {
        int estimate = LabelCount;
        for (int i = 0; i + MinNeedleLength <= needle.Length; i++)
        {
            if (!_postings.TryGetValue(Trigram(needle, i), out PostingList? postings)) return 0;
            estimate = Math.Min(estimate, postings.Count);
        }
        return estimate;
    }

    /// <summary>The labels whose document holds <paramref name="trigram"/>; false when none does.</summary>
    public bool TryGetPostings(ulong trigram, out PostingList postings) => _postings.TryGetValue(trigram, out postings!);

    /// <summary>Three UTF-16 code units packed as one key.</summary>
    public static ulong Trigram(ReadOnlySpan<char> text, int start) =>
        ((ulong)text[start] << 32) | ((ulong)text[start + 1] << 16) | text[start + 2];

    /// <summary>Writes the distinct trigrams of <paramref name="text"/> (sorted) and returns how many.</summary>
    public static int DistinctTrigrams(ReadOnlySpan<char> text, Span<ulong> destination)
    {
        int count = text.Length - MinNeedleLength + 1;
        if (count <= 0) return 0;
        for (int i = 0; i < count; i++) destination[i] = Trigram(text, i);
        Span<ulong> trigrams = destination[..count];
        trigrams.Sort();
        int distinct = 1;
        for (int i = 1; i < count; i++)
        {
            if (trigrams[i] != trigrams[distinct - 1]) trigrams[distinct++] = trigrams[i];
        }
        return distinct;
    }
}
