namespace Chroma.Core.Index.FullText;

/// <summary>
/// Finds literal substrings that every match of a Rust-syntax regex must contain, so a
/// trigram lookup can narrow the documents the regex runs on. Deliberately shallow: it reads
/// only the top-level concatenation, treats every group, class, escape class, anchor and
/// dot as a break, drops an atom made optional by <c>?</c>, <c>*</c> or <c>{…}</c>, and gives
/// up (returns false) on anything that could make a literal optional or case-insensitive:
/// alternation, inline flags, surrogate pairs, unbalanced brackets. A false or an empty
/// list only means "scan"; the regex itself always decides the match.
/// </summary>
public static class RegexLiterals
{
    /// <summary>
    /// Adds each required literal run to <paramref name="literals"/>. <paramref name="isWholeLiteral"/>
    /// is true when the pattern is nothing but one literal (it matches exactly the documents containing it).
    /// </summary>
    public static bool TryExtract(string pattern, List<string> literals, out bool isWholeLiteral)
    {
        isWholeLiteral = false;
        var run = new System.Text.StringBuilder();
        bool broken = false;
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (char.IsSurrogate(c) || c == '|') return false;
            switch (c)
            {
                case '\\':
                    if (i + 1 >= pattern.Length) return false;
                    char escaped = pattern[i + 1];
                    if (char.IsAsciiLetterOrDigit(escaped) || char.IsSurrogate(escaped) || char.IsWhiteSpace(escaped))
                    {
                        // \d, \w, \b, \p{…}, \x41, \n…: not a plain literal; treat as a break.
                        Flush(run, literals);
                        broken = true;
                        i += 2;
                        // \p{…}, \x{…}, \u{…} carry a braced argument: skip it so '{' is not read as a repetition.
                        if (i < pattern.Length && pattern[i] == '{')
                        {
                            int close = pattern.IndexOf('}', i);
                            if (close < 0) return false;
                            i = close + 1;
                        }
                        continue;
                    }
                    run.Append(escaped);
                    i += 2;
                    continue;
                case '(':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?' && !IsPlainGroupPrefix(pattern, i + 2)) return false;
                    Flush(run, literals);
                    broken = true;
                    i = SkipGroup(pattern, i);
                    if (i < 0) return false;
                    continue;
                case ')':
                    return false;
                case '[':
                    Flush(run, literals);
                    broken = true;
                    i = SkipClass(pattern, i);
                    if (i < 0) return false;
                    continue;
                case '.':
                case '^':
                case '$':
                    Flush(run, literals);
                    broken = true;
                    i++;
                    continue;
                case '*':
                case '?':
                case '{':
                    // The atom before is optional: drop it (it is the run's last char when it was a literal).
                    if (run.Length > 0) run.Length--;
                    Flush(run, literals);
                    broken = true;
                    if (c == '{')
                    {
                        int close = pattern.IndexOf('}', i);
                        if (close < 0) return false;
                        i = close + 1;
                    }
                    else
                    {
                        i++;
                    }
                    i = SkipLazySuffix(pattern, i);
                    continue;
                case '+':
                    // The atom is required once: keep it, but what follows need not be adjacent.
                    Flush(run, literals);
                    broken = true;
                    i = SkipLazySuffix(pattern, i + 1);
                    continue;
                default:
                    run.Append(c);
                    i++;
                    continue;
            }
        }

        if (!broken && literals.Count == 0)
        {
            isWholeLiteral = true;
            literals.Add(run.ToString());
            return true;
        }
        Flush(run, literals);
        return true;
    }

    private static void Flush(System.Text.StringBuilder run, List<string> literals)
    {
        if (run.Length >= TrigramIndex.MinNeedleLength) literals.Add(run.ToString());
        run.Clear();
    }

    private static int SkipLazySuffix(string pattern, int i) => i < pattern.Length && pattern[i] == '?' ? i + 1 : i;

    /// <summary>(?:…), (?P&lt;name&gt;…), (?&lt;name&gt;…) are plain groups; anything else after "(?" is a flag group.</summary>
    private static bool IsPlainGroupPrefix(string pattern, int i) =>
        i < pattern.Length && (pattern[i] == ':' || pattern[i] == '<' || (pattern[i] == 'P' && i + 1 < pattern.Length && pattern[i + 1] == '<'));

    /// <summary>Index after the ')' closing the group opened at <paramref name="open"/>, or -1.</summary>
    private static int SkipGroup(string pattern, int open)
    {
        int depth = 0;
        int i = open;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == '\\') i += 2;
            else if (c == '[')
            {
                i = SkipClass(pattern, i);
                if (i < 0) return -1;
            }
            else
            {
                if (c == '(') depth++;
                else if (c == ')' && --depth == 0) return i + 1;
                i++;
            }
        }
        return -1;
    }

    /// <summary>Index after the ']' closing the (possibly nested) class opened at <paramref name="open"/>, or -1.</summary>
    private static int SkipClass(string pattern, int open)
    {
        int depth = 0;
        int i = open;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }
            if (c == '[')
            {
                depth++;
                i++;
                // A ']' right after '[' or '[^' is a literal member, not the end.
                if (i < pattern.Length && pattern[i] == '^') i++;
                if (i < pattern.Length && pattern[i] == ']') i++;
                continue;
            }
            if (c == ']' && --depth == 0) return i + 1;
            i++;
        }
        return -1;
    }
}
