using System.Text;
using System.Text.RegularExpressions;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>
/// A Rust-syntax pattern compiled for .NET. Chroma uses the Rust <c>regex</c> crate, which
/// never backtracks; <see cref="RegexOptions.NonBacktracking"/> gives the same linear-time
/// guarantee, so a hostile pattern cannot stall a query. Only a construct that engine does
/// not support falls back to the backtracking engine, bounded by a match timeout.
/// </summary>
internal sealed class ChromaRegex
{
    internal const string ErrorPrefix = "Regex syntax errror: "; // sic: Chroma's text, typo included

    /// <summary>Per-match bound for the backtracking fallback; far above any sane match.</summary>
    internal static readonly TimeSpan FallbackMatchTimeout = TimeSpan.FromMilliseconds(250);

    private const RegexOptions BaseOptions = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private ChromaRegex(Regex regex, bool hasTimeout)
    {
        Regex = regex;
        HasTimeout = hasTimeout;
    }

    public Regex Regex { get; }

    /// <summary>True when compiled with the backtracking fallback (matches may time out).</summary>
    public bool HasTimeout { get; }

    /// <summary>Translates and compiles; throws ChromaException(InvalidArgument) with Chroma's message on a syntax error.</summary>
    public static ChromaRegex Compile(string pattern)
    {
        string translated = RustRegexTranslator.Translate(pattern);
        try
        {
            try
            {
                return new ChromaRegex(new Regex(translated, BaseOptions | RegexOptions.NonBacktracking), hasTimeout: false);
            }
            catch (NotSupportedException)
            {
                return new ChromaRegex(new Regex(translated, BaseOptions, FallbackMatchTimeout), hasTimeout: true);
            }
        }
        catch (RegexParseException e)
        {
            throw new ChromaException(ChromaErrorCode.InvalidArgument, FormatError(pattern, e));
        }
    }

    /// <summary>
    /// Chroma's message is the Rust crate's, e.g. <c>regex parse error:\n    (\n    ^\nerror: unclosed group</c>;
    /// this reproduces its layout and, for the common errors, its wording.
    /// </summary>
    private static string FormatError(string pattern, RegexParseException e)
    {
        int caret;
        string text;
        switch (e.Error)
        {
            case RegexParseError.InsufficientClosingParentheses:
                caret = LastUnclosed(pattern, '(', ')');
                text = "unclosed group";
                break;
            case RegexParseError.InsufficientOpeningParentheses:
                caret = FirstUnopenedParen(pattern);
                text = "unopened group";
                break;
            case RegexParseError.UnterminatedBracket:
                caret = LastUnclosed(pattern, '[', ']');
                text = "unclosed character class";
                break;
            case RegexParseError.QuantifierAfterNothing:
            case RegexParseError.NestedQuantifiersNotParenthesized:
                caret = Math.Max(0, Math.Min(pattern.Length - 1, e.Offset - 1));
                text = "repetition operator missing expression";
                break;
            case RegexParseError.ReversedCharacterRange:
                caret = Math.Max(0, Math.Min(pattern.Length - 1, e.Offset - 1));
                text = "invalid character class range, the start must be <= the end";
                break;
            case RegexParseError.UnescapedEndingBackslash:
                caret = Math.Max(0, pattern.Length - 1);
                text = "incomplete escape sequence, reached end of pattern prematurely";
                break;
            default:
                caret = Math.Max(0, Math.Min(pattern.Length - 1, e.Offset - 1));
                text = DescribeGeneric(e);
                break;
        }

        var message = new StringBuilder(ErrorPrefix.Length + 48 + 2 * pattern.Length);
        message.Append(ErrorPrefix).Append("regex parse error:\n    ").Append(pattern).Append("\n    ");
        message.Append(' ', caret).Append("^\nerror: ").Append(text);
        return message.ToString();
    }

    private static string DescribeGeneric(RegexParseException e)
    {
        // .NET's text reads "Invalid pattern 'x' at offset n. <reason>"; keep the reason only.
        string message = e.Message;
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        string reason = dot >= 0 ? message[(dot + 2)..] : message;
        return reason.TrimEnd('.');
    }

    /// <summary>Position of the innermost opener still open at the end (Rust reports that one).</summary>
    private static int LastUnclosed(string pattern, char open, char close)
    {
        var stack = new Stack<int>();
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\')
            {
                i++;
                continue;
            }
            if (open == '(')
            {
                if (inClass)
                {
                    if (c == ']') inClass = false;
                    continue;
                }
                if (c == '[')
                {
                    inClass = true;
                    continue;
                }
            }
            if (c == open) stack.Push(i);
            else if (c == close && stack.Count > 0) stack.Pop();
        }
        return stack.Count > 0 ? stack.Peek() : Math.Max(0, pattern.Length - 1);
    }

    private static int FirstUnopenedParen(string pattern)
    {
        int depth = 0;
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\')
            {
                i++;
            }
            else if (inClass)
            {
                if (c == ']') inClass = false;
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth < 0)
            {
                return i;
            }
        }
        return Math.Max(0, pattern.Length - 1);
    }
}
