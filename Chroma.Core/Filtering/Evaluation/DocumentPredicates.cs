using System.Text.RegularExpressions;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Evaluation;

// A record without a document contains nothing and matches no regex; the negated forms are
// complements and so match it.

internal sealed class DocumentContainsPredicate(string text) : RecordPredicate
{
    // Null when the needle holds a lone surrogate, which has no UTF-8 form: it can still match
    // half of a pair in a document, so those documents are searched as UTF-16.
    private readonly byte[]? _utf8 = DocumentText.ToUtf8IfWellFormed(text);

    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        document.Contains(text, _utf8);
}

/// <summary>A NonBacktracking regex: linear time, no timeout needed. The Regex instance is shared and thread-safe.</summary>
internal sealed class DocumentRegexPredicate(Regex regex) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        document.IsMatch(regex);
}

/// <summary>The backtracking fallback: a match that exceeds its timeout fails the request as the client's error.</summary>
internal sealed class DocumentRegexWithTimeoutPredicate(Regex regex, string pattern) : RecordPredicate
{
    public override bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document)
    {
        try
        {
            return document.IsMatch(regex);
        }
        catch (RegexMatchTimeoutException)
        {
            ThrowHelper.InvalidArgument($"Regex {pattern} took longer than {ChromaRegex.FallbackMatchTimeout.TotalMilliseconds} ms on one document; simplify the pattern");
            return false;
        }
    }
}
