using System.Text.RegularExpressions;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Evaluation;

// A record without a document contains nothing and matches no regex; the negated forms are
// complements and so match it.

internal sealed class DocumentContainsPredicate(string text) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, string? document) =>
        document is not null && document.Contains(text, StringComparison.Ordinal);
}

/// <summary>A NonBacktracking regex: linear time, no timeout needed. The Regex instance is shared and thread-safe.</summary>
internal sealed class DocumentRegexPredicate(Regex regex) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, string? document) =>
        document is not null && regex.IsMatch(document);
}

/// <summary>The backtracking fallback: a match that exceeds its timeout fails the request as the client's error.</summary>
internal sealed class DocumentRegexWithTimeoutPredicate(Regex regex, string pattern) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, string? document)
    {
        if (document is null) return false;
        try
        {
            return regex.IsMatch(document);
        }
        catch (RegexMatchTimeoutException)
        {
            ThrowHelper.InvalidArgument($"Regex {pattern} took longer than {ChromaRegex.FallbackMatchTimeout.TotalMilliseconds} ms on one document; simplify the pattern");
            return false;
        }
    }
}
