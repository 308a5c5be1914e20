using System.Text;
using Chroma.Core.Memory;
using System.Text.RegularExpressions;

namespace Chroma.Core.Model;

/// <summary>
/// A record's document as a filter reads it, without decoding: the UTF-8 bytes an index
/// version keeps (<see cref="Segments.RecordColumns"/>), or the string of a record still in the
/// log tail. Default is "no document".
/// <para>
/// Why index versions keep UTF-8: documents are mostly ASCII, so it is half the bytes of a
/// string (at 100,000 documents of about 65 characters, 9.5 MB instead of 15 MB), and
/// <c>$contains</c> compares bytes directly: an ordinal substring test on well-formed UTF-16 is
/// the same test on its UTF-8 form, because UTF-8 is self-synchronising.
/// </para>
/// </summary>
public readonly struct DocumentText
{
    private readonly string? _text;
    private readonly byte[]? _utf8;

    public DocumentText(string? text)
    {
        _text = text;
        _utf8 = null;
    }

    internal DocumentText(byte[]? utf8)
    {
        _text = null;
        _utf8 = utf8;
    }

    public static implicit operator DocumentText(string? text) => new(text);

    /// <summary>
    /// Ordinal substring test. <paramref name="needleUtf8"/> is <paramref name="needle"/> in UTF-8,
    /// or null when it has none (<see cref="ToUtf8IfWellFormed"/>).
    /// </summary>
    public bool Contains(string needle, byte[]? needleUtf8)
    {
        if (_text is not null) return _text.Contains(needle, StringComparison.Ordinal);
        if (_utf8 is null) return false;
        if (needleUtf8 is not null) return _utf8.AsSpan().IndexOf(needleUtf8) >= 0;
        return TestDecoded(_utf8, needle, static (text, needle) => text.IndexOf(needle.AsSpan()) >= 0);
    }

    /// <summary>The UTF-8 form of <paramref name="text"/>, or null when it holds a lone surrogate (UTF-8 cannot say it).</summary>
    public static byte[]? ToUtf8IfWellFormed(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        return text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 || Encoding.UTF8.GetString(utf8) == text ? utf8 : null;
    }

    /// <summary>Whether <paramref name="regex"/> matches; a UTF-8 document is decoded into a pooled buffer, not a string.</summary>
    public bool IsMatch(Regex regex)
    {
        if (_text is not null) return regex.IsMatch(_text);
        return _utf8 is not null && TestDecoded(_utf8, regex, static (text, regex) => regex.IsMatch(text));
    }

    /// <summary>Decodes <paramref name="utf8"/> into a pooled buffer, not a string, for a test that needs UTF-16.</summary>
    private static bool TestDecoded<TState>(byte[] utf8, TState state, Func<ReadOnlySpan<char>, TState, bool> test)
    {
        char[] chars = BufferPool<char>.Rent(utf8.Length); // no more UTF-16 units than UTF-8 bytes
        try
        {
            int length = Encoding.UTF8.GetChars(utf8, chars);
            return test(chars.AsSpan(0, length), state);
        }
        finally
        {
            BufferPool<char>.Return(chars);
        }
    }

    /// <summary>The document as a string (decoded, so allocated, for a UTF-8 one), or null.</summary>
    public string? AsString() => _text ?? (_utf8 is null ? null : Encoding.UTF8.GetString(_utf8));
}
