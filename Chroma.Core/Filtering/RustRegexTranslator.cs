using System.Globalization;
using System.Text;

namespace Chroma.Core.Filtering;

/// <summary>
/// Rewrites the parts of Rust <c>regex</c> syntax that .NET spells differently or reads
/// with another meaning. Everything else is passed through unchanged, so .NET's parser
/// reports the remaining errors.
/// <list type="bullet">
/// <item><c>$</c> without multi-line mode: Rust anchors at the very end, .NET also before a
/// final <c>\n</c>, so it becomes <c>\z</c> (only when no <c>m</c> flag occurs anywhere).</item>
/// <item><c>(?P&lt;name&gt;</c> → <c>(?&lt;name&gt;</c>; the <c>u</c> flag (Unicode, on by default in both) is dropped.</item>
/// <item><c>\pL</c> → <c>\p{L}</c>; <c>\x{HHHH}</c> → <c>\uHHHH</c> (a surrogate pair outside a class).</item>
/// <item>ASCII classes <c>[[:alpha:]]</c> inside brackets → explicit ranges.</item>
/// </list>
/// Not translated: nested classes and class set operations (<c>&amp;&amp;</c>, <c>--</c>, <c>~~</c>),
/// the <c>U</c> (swap greed) and <c>R</c> flags, which .NET rejects as syntax errors.
/// </summary>
internal static class RustRegexTranslator
{
    public static string Translate(string pattern)
    {
        bool multiline = HasMultilineFlag(pattern);
        var output = new StringBuilder(pattern.Length + 8);
        bool inClass = false;
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == '\\')
            {
                i = TranslateEscape(pattern, i, inClass, output);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[' && TryTranslatePosixClass(pattern, ref i, output))
                {
                    continue;
                }
                output.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    output.Append(c);
                    i++;
                    // A ']' right after '[' or '[^' is a literal in both dialects: copy it so it does not close the class.
                    if (i < pattern.Length && pattern[i] == '^')
                    {
                        output.Append('^');
                        i++;
                    }
                    if (i < pattern.Length && pattern[i] == ']')
                    {
                        output.Append(']');
                        i++;
                    }
                    break;
                case '$':
                    output.Append(multiline ? "$" : "\\z");
                    i++;
                    break;
                case '(':
                    i = TranslateGroupOpen(pattern, i, output);
                    break;
                default:
                    output.Append(c);
                    i++;
                    break;
            }
        }
        return output.ToString();
    }

    private static int TranslateEscape(string pattern, int i, bool inClass, StringBuilder output)
    {
        if (i + 1 >= pattern.Length)
        {
            output.Append('\\'); // .NET reports the dangling escape
            return i + 1;
        }

        char n = pattern[i + 1];
        if ((n == 'p' || n == 'P') && i + 2 < pattern.Length && pattern[i + 2] != '{')
        {
            output.Append('\\').Append(n).Append('{').Append(pattern[i + 2]).Append('}');
            return i + 3;
        }

        if (n == 'x' && i + 2 < pattern.Length && pattern[i + 2] == '{')
        {
            int close = pattern.IndexOf('}', i + 3);
            if (close > i + 3
                && int.TryParse(pattern.AsSpan(i + 3, close - i - 3), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
                && code is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
            {
                if (code <= 0xFFFF)
                {
                    AppendUnicodeEscape(output, code);
                    return close + 1;
                }
                if (!inClass)
                {
                    string pair = char.ConvertFromUtf32(code);
                    output.Append("(?:");
                    AppendUnicodeEscape(output, pair[0]);
                    AppendUnicodeEscape(output, pair[1]);
                    output.Append(')');
                    return close + 1;
                }
            }
        }

        output.Append('\\').Append(n);
        return i + 2;
    }

    private static void AppendUnicodeEscape(StringBuilder output, int code) =>
        output.Append("\\u").Append(code.ToString("X4", CultureInfo.InvariantCulture));

    /// <summary>Handles <c>(?P&lt;</c> and flag groups; any other '(' is copied.</summary>
    private static int TranslateGroupOpen(string pattern, int i, StringBuilder output)
    {
        if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
        {
            output.Append('(');
            return i + 1;
        }

        if (i + 3 < pattern.Length && pattern[i + 2] == 'P' && pattern[i + 3] == '<')
        {
            output.Append("(?<");
            return i + 4;
        }

        int j = i + 2;
        while (j < pattern.Length && IsFlagChar(pattern[j])) j++;
        if (j == i + 2 || j >= pattern.Length || (pattern[j] != ')' && pattern[j] != ':'))
        {
            output.Append("(?"); // (?:, (?<name>, lookaround…: .NET decides
            return i + 2;
        }

        // A flag group: drop 'u' (Unicode mode is the default in both engines).
        var flags = new StringBuilder(j - i);
        bool hasLetter = false;
        for (int k = i + 2; k < j; k++)
        {
            char f = pattern[k];
            if (f == 'u') continue;
            if (f != '-') hasLetter = true;
            flags.Append(f);
        }
        if (!hasLetter)
        {
            if (pattern[j] == ':') output.Append("(?:");
            return j + 1; // "(?u)" or "(?-u)": nothing left to say
        }
        output.Append("(?").Append(flags).Append(pattern[j]);
        return j + 1;
    }

    private static bool IsFlagChar(char c) => c is 'i' or 'm' or 's' or 'U' or 'u' or 'x' or 'R' or '-';

    private static bool HasMultilineFlag(string pattern)
    {
        for (int i = 0; i + 2 < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
                continue;
            }
            if (pattern[i] != '(' || pattern[i + 1] != '?') continue;
            for (int j = i + 2; j < pattern.Length && IsFlagChar(pattern[j]); j++)
            {
                if (pattern[j] == 'm') return true;
            }
        }
        return false;
    }

    private static bool TryTranslatePosixClass(string pattern, ref int i, StringBuilder output)
    {
        if (i + 1 >= pattern.Length || pattern[i + 1] != ':') return false;
        int end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
        if (end < 0) return false;
        string? ranges = pattern.AsSpan(i + 2, end - i - 2) switch
        {
            "alnum" => "0-9A-Za-z",
            "alpha" => "A-Za-z",
            "ascii" => "\\x00-\\x7F",
            "blank" => "\\t ",
            "cntrl" => "\\x00-\\x1F\\x7F",
            "digit" => "0-9",
            "graph" => "!-~",
            "lower" => "a-z",
            "print" => " -~",
            "punct" => "!-/:-@\\[-`{-~",
            "space" => "\\t\\n\\v\\f\\r ",
            "upper" => "A-Z",
            "word" => "0-9A-Za-z_",
            "xdigit" => "0-9A-Fa-f",
            _ => null,
        };
        if (ranges is null) return false;
        output.Append(ranges);
        i = end + 2;
        return true;
    }
}
