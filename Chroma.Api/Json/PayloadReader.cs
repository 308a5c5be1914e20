using System.Text;
using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// A forward-only reader over one buffered request body, shaped after serde's errors so our
/// answers match real Chroma's: malformed JSON is a 400 "Failed to parse the request body as
/// JSON", well-formed JSON of the wrong shape a 422 "Failed to deserialize the JSON body into the
/// target type: &lt;path&gt;: &lt;what&gt; at line L column C". Errors are raised where serde would
/// meet them (streaming order), so the first problem in the body is the one reported.
/// Syntax errors surface as <see cref="JsonException"/>; entry points convert them with
/// <see cref="SyntaxError"/>.
/// </summary>
internal ref partial struct PayloadReader
{
    private const string ShapePrefix = "Failed to deserialize the JSON body into the target type: ";
    private const string SyntaxPrefix = "Failed to parse the request body as JSON: ";

    private Utf8JsonReader _reader;
    private readonly ReadOnlySpan<byte> _body;

    public PayloadReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
    }

    public readonly JsonTokenType TokenType => _reader.TokenType;

    /// <summary>Advances one token; the end of the body where a value is due is a syntax error.</summary>
    public void Read()
    {
        if (!_reader.Read()) throw SyntaxAtEnd();
    }

    /// <summary>Reads the top-level value start; the body must be a JSON object.</summary>
    public void ReadRootObject(string typeName)
    {
        Read();
        if (_reader.TokenType != JsonTokenType.StartObject) throw InvalidType("", typeName);
    }

    /// <summary>After the root object: only whitespace may follow (the reader throws otherwise).</summary>
    public void EnsureEnd()
    {
        if (_reader.Read()) throw SyntaxAtEnd();
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    public bool NextProperty()
    {
        Read();
        return _reader.TokenType == JsonTokenType.PropertyName;
    }

    public readonly bool PropertyIs(ReadOnlySpan<byte> utf8Name) => _reader.ValueTextEquals(utf8Name);

    public readonly string PropertyName => _reader.GetString()!;

    /// <summary>The current string token's value.</summary>
    public readonly string GetStringValue() => _reader.GetString()!;

    /// <summary>Skips the value of the current property.</summary>
    public void SkipValue()
    {
        Read();
        _reader.Skip();
    }

    public string ReadString(string path)
    {
        Read();
        if (_reader.TokenType != JsonTokenType.String) throw InvalidType(path, "a string");
        return _reader.GetString()!;
    }

    public string? ReadNullableString(string path)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.String) throw InvalidType(path, "a string");
        return _reader.GetString()!;
    }

    public bool? ReadNullableBool(string path)
    {
        Read();
        return _reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw InvalidType(path, "a boolean"),
        };
    }

    /// <summary>An unsigned integer (serde u32/usize): negative or fractional is a 422.</summary>
    public long? ReadNullableUnsigned(string path, string typeName, long max)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.Number || !IsIntegerToken()) throw InvalidType(path, typeName);
        if (!_reader.TryGetInt64(out long value) || value < 0 || value > max)
            throw Shape(path, $"invalid value: integer `{RawToken()}`, expected {typeName}");
        return value;
    }

    public double? ReadNullableDouble(string path)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.Number || !_reader.TryGetDouble(out double value)) throw InvalidType(path, "f64");
        return value;
    }

    /// <summary>A list of strings (no null elements), or null.</summary>
    public string[]? ReadNullableStringArray(string path)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.StartArray) throw InvalidType(path, "a sequence");
        var items = new PooledList<string>();
        try
        {
            while (true)
            {
                Read();
                if (_reader.TokenType == JsonTokenType.EndArray) break;
                if (_reader.TokenType != JsonTokenType.String) throw InvalidType($"{path}[{items.Count}]", "a string");
                items.Add(_reader.GetString()!);
            }

            return items.ToArrayAndDispose();
        }
        finally
        {
            items.Dispose();
        }
    }

    /// <summary>A list of strings whose elements may be null (documents, uris), or null.</summary>
    public string?[]? ReadNullableOptionalStringArray(string path)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.StartArray) throw InvalidType(path, "a sequence");
        var items = new PooledList<string?>();
        try
        {
            while (true)
            {
                Read();
                if (_reader.TokenType == JsonTokenType.EndArray) break;
                if (_reader.TokenType == JsonTokenType.Null) items.Add(null);
                else if (_reader.TokenType == JsonTokenType.String) items.Add(_reader.GetString());
                else throw InvalidType($"{path}[{items.Count}]", "a string");
            }

            return items.ToArrayAndDispose();
        }
        finally
        {
            items.Dispose();
        }
    }

    /// <summary>
    /// A subtree kept as a DOM (where / where_document): the filter parsers take a JsonElement.
    /// The element owns its memory, so it outlives the pooled body.
    /// </summary>
    public JsonElement? ReadNullableElement()
    {
        Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        return JsonElement.ParseValue(ref _reader);
    }

    /// <summary>A subtree kept verbatim as raw JSON text (embedding_function, schema), or null.</summary>
    public string? ReadNullableRawObject(string path, string typeName)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.StartObject) throw InvalidType(path, typeName);
        int start = checked((int)_reader.TokenStartIndex);
        _reader.Skip();
        return Encoding.UTF8.GetString(_body[start..checked((int)_reader.BytesConsumed)]);
    }

    public readonly ChromaException MissingField(string path, string field) =>
        Shape(path, $"missing field `{field}`");

    public readonly ChromaException UnknownField(string path, string expectedList) =>
        Shape(Join(path, PropertyName), $"unknown field `{PropertyName}`, expected one of {expectedList}");

    public readonly ChromaException UnknownVariant(string path, string value, string expectedList) =>
        Shape(path, $"unknown variant `{value}`, expected one of {expectedList}");

    public readonly ChromaException Untagged(string path, string enumName) =>
        Shape(path, $"data did not match any variant of untagged enum {enumName}");

    public readonly ChromaException InvalidType(string path, string expected) =>
        Shape(path, $"invalid type: {DescribeToken()}, expected {expected}");

    /// <summary>A 422 at the current position, worded like serde_path_to_error.</summary>
    public readonly ChromaException Shape(string path, string message)
    {
        // serde points just past the offending token; for a key that is its closing quote,
        // while the reader has already consumed the ':' after it.
        long position = _reader.TokenType == JsonTokenType.PropertyName
            ? _reader.TokenStartIndex + _reader.ValueSpan.Length + 2
            : _reader.BytesConsumed;
        (long line, long column) = LineColumn(position);
        string located = path.Length == 0 ? message : $"{path}: {message}";
        return new ChromaException(ChromaErrorCode.UnprocessableEntity, $"{ShapePrefix}{located} at line {line} column {column}");
    }

    /// <summary>Converts a reader syntax error into Chroma's 400.</summary>
    public static ChromaException SyntaxError(JsonException exception)
    {
        string message = exception.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut].TrimEnd();
        if (exception.LineNumber is long line && exception.BytePositionInLine is long column)
            message = $"{message} at line {line + 1} column {column + 1}";
        return new ChromaException(ChromaErrorCode.InvalidArgument, SyntaxPrefix + message);
    }

    public static ChromaException InvalidUtf8() =>
        new(ChromaErrorCode.InvalidArgument, SyntaxPrefix + "invalid UTF-8 in a string");

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private readonly ChromaException SyntaxAtEnd()
    {
        (long line, long column) = LineColumn(_body.Length);
        return new ChromaException(ChromaErrorCode.InvalidArgument, $"{SyntaxPrefix}EOF while parsing a value at line {line} column {column}");
    }

    private readonly bool IsIntegerToken()
    {
        ReadOnlySpan<byte> raw = _reader.ValueSpan;
        return raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
    }

    private readonly string RawToken() => Encoding.UTF8.GetString(_reader.ValueSpan);

    private readonly string DescribeToken() => _reader.TokenType switch
    {
        JsonTokenType.String => $"string \"{_reader.GetString()}\"",
        JsonTokenType.Number => IsIntegerToken() ? $"integer `{RawToken()}`" : $"floating point `{RawToken()}`",
        JsonTokenType.True => "boolean `true`",
        JsonTokenType.False => "boolean `false`",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "map",
        JsonTokenType.StartArray => "sequence",
        _ => _reader.TokenType.ToString(),
    };

    private readonly (long Line, long Column) LineColumn(long position)
    {
        var before = _body[..(int)Math.Min(position, _body.Length)];
        int lastNewline = before.LastIndexOf((byte)'\n');
        long line = 1 + before.Count((byte)'\n');
        return (line, before.Length - (lastNewline + 1));
    }
}
