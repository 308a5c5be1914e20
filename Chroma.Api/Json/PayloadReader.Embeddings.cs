using System.Buffers.Binary;
using System.Buffers.Text;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// Embeddings: JSON float arrays or base64 strings of little-endian float32 bytes. Base64 is
/// decoded straight into the final <c>float[]</c>; JSON arrays are parsed into one pooled scratch
/// buffer reused for every vector of the request, then copied once into an exact-size array.
/// </summary>
internal ref partial struct PayloadReader
{
    /// <summary>
    /// Reads a list of embeddings (add/update/upsert). Returns null for JSON null; null elements
    /// only when <paramref name="allowNullElements"/> (update). Dimension facts go to <paramref name="shape"/>
    /// so the validator can report them in Chroma's order after the whole body is read.
    /// </summary>
    public float[]?[]? ReadEmbeddings(string path, bool allowNullElements, ref EmbeddingShape shape)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.StartArray) throw Untagged(path, allowNullElements ? "UpdateEmbeddingsPayload" : "EmbeddingsPayload");

        var vectors = new PooledList<float[]?>();
        float[] scratch = BufferPool<float>.Rent(1024);
        try
        {
            while (true)
            {
                Read();
                if (_reader.TokenType == JsonTokenType.EndArray) break;
                float[]? vector;
                switch (_reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        vector = ReadFloatArrayBody(ref scratch, path, vectors.Count, expectFloatName: null);
                        break;
                    case JsonTokenType.String:
                        vector = DecodeBase64Embedding(vectors.Count);
                        break;
                    case JsonTokenType.Null when allowNullElements:
                        vector = null;
                        break;
                    default:
                        throw Untagged(path, allowNullElements ? "UpdateEmbeddingsPayload" : "EmbeddingsPayload");
                }

                if (vector is not null) shape.Observe(vector.Length);
                vectors.Add(vector);
            }

            return vectors.ToArrayAndDispose();
        }
        finally
        {
            BufferPool<float>.Return(scratch);
            vectors.Dispose();
        }
    }

    /// <summary>Query embeddings: JSON float arrays only (base64 is a 422 as in real Chroma).</summary>
    public float[][] ReadQueryEmbeddings(string path, ref EmbeddingShape shape)
    {
        Read();
        if (_reader.TokenType != JsonTokenType.StartArray) throw InvalidType(path, "a sequence");
        var vectors = new PooledList<float[]>();
        float[] scratch = BufferPool<float>.Rent(1024);
        try
        {
            while (true)
            {
                Read();
                if (_reader.TokenType == JsonTokenType.EndArray) break;
                if (_reader.TokenType != JsonTokenType.StartArray) throw InvalidType($"{path}[{vectors.Count}]", "a sequence");
                var vector = ReadFloatArrayBody(ref scratch, path, vectors.Count, expectFloatName: "f32");
                shape.Observe(vector.Length);
                vectors.Add(vector);
            }

            return vectors.ToArrayAndDispose();
        }
        finally
        {
            BufferPool<float>.Return(scratch);
            vectors.Dispose();
        }
    }

    /// <summary>Positioned on '[': reads numbers up to ']' into an exact-size array.</summary>
    private float[] ReadFloatArrayBody(ref float[] scratch, string path, int index, string? expectFloatName)
    {
        int count = 0;
        while (true)
        {
            Read();
            if (_reader.TokenType == JsonTokenType.EndArray) break;
            if (_reader.TokenType != JsonTokenType.Number)
            {
                // Untagged enums hide the element error behind "did not match any variant".
                throw expectFloatName is null
                    ? Untagged(path, "EmbeddingsPayload")
                    : InvalidType($"{path}[{index}][{count}]", expectFloatName);
            }

            if (!_reader.TryGetSingle(out float value) || !float.IsFinite(value))
                throw NonFinite(path, index);

            if (count == scratch.Length)
            {
                var larger = BufferPool<float>.Rent(scratch.Length * 2);
                scratch.AsSpan(0, count).CopyTo(larger);
                BufferPool<float>.Return(scratch);
                scratch = larger;
            }

            scratch[count++] = value;
        }

        return scratch.AsSpan(0, count).ToArray();
    }

    private float[] DecodeBase64Embedding(int index)
    {
        ReadOnlySpan<byte> encoded = _reader.ValueSpan;
        byte[]? unescaped = null;
        try
        {
            if (_reader.ValueIsEscaped)
            {
                // "\/" is legal JSON for '/', a base64 character: unescape before decoding.
                unescaped = BufferPool<byte>.Rent(encoded.Length);
                int written = _reader.CopyString(unescaped);
                encoded = unescaped.AsSpan(0, written);
            }

            int byteLength = DecodedLength(encoded);
            if (byteLength < 0)
                throw new ChromaException(ChromaErrorCode.InvalidArgument, $"Invalid base64 encoding of the embedding at index {index}");
            if (byteLength % sizeof(float) != 0)
                throw new ChromaException(ChromaErrorCode.InvalidArgument,
                    $"Invalid byte length: {byteLength} bytes cannot be converted to f32 values (must be divisible by 4)");

            var vector = new float[byteLength / sizeof(float)];
            var status = Base64.DecodeFromUtf8(encoded, MemoryMarshal.AsBytes(vector.AsSpan()), out _, out int decoded);
            if (status != OperationStatus.Done || decoded != byteLength)
                throw new ChromaException(ChromaErrorCode.InvalidArgument, $"Invalid base64 encoding of the embedding at index {index}");

            if (!BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<float, int>(vector.AsSpan());
                BinaryPrimitives.ReverseEndianness(words, words);
            }

            for (int i = 0; i < vector.Length; i++)
            {
                if (!float.IsFinite(vector[i])) throw NonFinite("embeddings", index);
            }

            return vector;
        }
        finally
        {
            if (unescaped is not null) BufferPool<byte>.Return(unescaped);
        }
    }

    /// <summary>Bytes a padded base64 text decodes to, or -1 when its length cannot be base64.</summary>
    private static int DecodedLength(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length % 4 != 0) return -1;
        if (encoded.Length == 0) return 0;
        int padding = encoded[^1] == (byte)'=' ? (encoded[^2] == (byte)'=' ? 2 : 1) : 0;
        return encoded.Length / 4 * 3 - padding;
    }

    private static ChromaException NonFinite(string path, int index) =>
        new(ChromaErrorCode.InvalidArgument, $"Validation error: {path}: Embedding at index {index} contains NaN or infinite values");
}

/// <summary>What the parser saw of embedding lengths, checked after the body is read.</summary>
internal struct EmbeddingShape
{
    public int Dimension { get; private set; }
    public bool HasEmpty { get; private set; }
    public bool Inconsistent { get; private set; }
    private bool _seen;

    public void Observe(int length)
    {
        if (length == 0) HasEmpty = true;
        if (!_seen)
        {
            _seen = true;
            Dimension = length;
        }
        else if (length != Dimension)
        {
            Inconsistent = true;
        }
    }
}
