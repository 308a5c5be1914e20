using System.Buffers.Text;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Chroma.Api.Policies;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Gateway.Policies;

internal static partial class EdgeValidator
{
    /// <summary>
    /// Reads the top-level value and, when it is an object, checks the fields a quota applies to;
    /// other values are skipped (still tokenized and checked by <see cref="Read"/>).
    /// </summary>
    private static void CheckQuotas(ref Utf8JsonReader reader, BodyKind kind, ChromaQuotaOptions quotas, TenantQuota quota)
    {
        if (!Read(ref reader) || reader.TokenType != JsonTokenType.StartObject) return;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool ids = reader.ValueTextEquals("ids"u8);
            bool embeddings = reader.ValueTextEquals("embeddings"u8) || reader.ValueTextEquals("query_embeddings"u8);
            bool documents = reader.ValueTextEquals("documents"u8);
            bool metadatas = reader.ValueTextEquals("metadatas"u8);
            bool metadata = reader.ValueTextEquals("metadata"u8) || reader.ValueTextEquals("new_metadata"u8);
            Read(ref reader);

            if (kind == BodyKind.RecordWrite && ids) CheckBatch(ref reader, quotas.MaxBatchSize, "ids");
            else if ((kind is BodyKind.RecordWrite or BodyKind.Query) && embeddings) CheckEmbeddings(ref reader, quotas.MaxBatchSize, quota.MaxDimension);
            else if (kind == BodyKind.RecordWrite && documents) CheckDocuments(ref reader, quota.MaxDocumentBytes);
            else if (kind == BodyKind.RecordWrite && metadatas) CheckMetadataList(ref reader, quota);
            else if (kind is BodyKind.CreateCollection or BodyKind.UpdateCollection && metadata && reader.TokenType == JsonTokenType.StartObject) CheckMetadata(ref reader, quota, 0);
            else Skip(ref reader);
        }
    }

    private static void CheckBatch(ref Utf8JsonReader reader, int maxBatch, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Skip(ref reader);
            return;
        }

        int count = 0;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            Skip(ref reader);
            count++;
        }

        if (count > maxBatch) QuotaExceeded.Throw($"batch size is {maxBatch} records, got {count} {field}");
    }

    private static void CheckEmbeddings(ref Utf8JsonReader reader, int maxBatch, int maxDimension)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Skip(ref reader);
            return;
        }

        int index = 0;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartArray) CheckVector(ref reader, index, maxDimension);
            else if (reader.TokenType == JsonTokenType.String) CheckBase64Vector(ref reader, index, maxDimension);
            else Skip(ref reader);
            index++;
        }

        if (index > maxBatch) QuotaExceeded.Throw($"batch size is {maxBatch} records, got {index} embeddings");
    }

    private static void CheckVector(ref Utf8JsonReader reader, int index, int maxDimension)
    {
        int dimension = 0;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                // A float32 is what gets stored: 1e39 is finite as a double but Infinity as a float.
                if (!IsPlainFloat32(reader.ValueSpan) && (!reader.TryGetDouble(out double value) || !float.IsFinite((float)value)))
                    ThrowHelper.InvalidArgument($"Embedding at index {index} contains NaN or Infinity (a value outside float32 range)");
            }
            else
            {
                Skip(ref reader);
            }

            dimension++;
        }

        if (dimension > maxDimension) QuotaExceeded.Throw($"dimension is {maxDimension}, embedding at index {index} has {dimension}");
    }

    /// <summary>
    /// True for a number token without an exponent and with at most 38 integer digits: below 10^38,
    /// so finite as a float32 without parsing it (the API parses every embedding value anyway).
    /// Anything else, such as 1e39 or 1.5E-07, is parsed to decide.
    /// </summary>
    internal static bool IsPlainFloat32(ReadOnlySpan<byte> number)
    {
        if (number.IndexOfAny((byte)'e', (byte)'E') >= 0) return false;
        int point = number.IndexOf((byte)'.');
        int integerDigits = (point < 0 ? number.Length : point) - (number[0] == (byte)'-' ? 1 : 0);
        return integerDigits <= 38;
    }

    private static void CheckBase64Vector(ref Utf8JsonReader reader, int index, int maxDimension)
    {
        ReadOnlySpan<byte> text = reader.ValueSpan;
        if (reader.ValueIsEscaped) return; // base64 never needs escapes; the parser rejects it
        int maxBytes = Base64.GetMaxDecodedFromUtf8Length(text.Length);
        if (maxBytes / 4 > maxDimension + 1)
            QuotaExceeded.Throw($"dimension is {maxDimension}, embedding at index {index} has {maxBytes / 4}");

        byte[] buffer = BufferPool<byte>.Rent(Math.Max(4, maxBytes));
        try
        {
            if (Base64.DecodeFromUtf8(text, buffer, out _, out int written) != OperationStatus.Done || written % 4 != 0) return; // the parser's 400
            if (written / 4 > maxDimension) QuotaExceeded.Throw($"dimension is {maxDimension}, embedding at index {index} has {written / 4}");
            ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, written));
            foreach (float value in values)
            {
                if (!float.IsFinite(value)) ThrowHelper.InvalidArgument($"Embedding at index {index} contains NaN or Infinity");
            }
        }
        finally
        {
            BufferPool<byte>.Return(buffer);
        }
    }

    private static void CheckDocuments(ref Utf8JsonReader reader, int maxBytes)
    {
        if (reader.TokenType != JsonTokenType.StartArray || maxBytes <= 0)
        {
            Skip(ref reader);
            return;
        }

        int index = 0;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && StringBytes(ref reader) > maxBytes)
                QuotaExceeded.Throw($"document bytes is {maxBytes}, document at index {index} has {StringBytes(ref reader)}");
            Skip(ref reader);
            index++;
        }
    }

    private static void CheckMetadataList(ref Utf8JsonReader reader, TenantQuota quota)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Skip(ref reader);
            return;
        }

        int index = 0;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject) CheckMetadata(ref reader, quota, index);
            else Skip(ref reader);
            index++;
        }
    }

    /// <summary>On the object's start; leaves the reader on its end.</summary>
    private static void CheckMetadata(ref Utf8JsonReader reader, TenantQuota quota, int index)
    {
        int keys = 0;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            keys++;
            if (quota.MaxMetadataKeys > 0 && keys > quota.MaxMetadataKeys)
                QuotaExceeded.Throw($"metadata keys is {quota.MaxMetadataKeys} per record, metadata at index {index} has more");
            CheckValueBytes(ref reader, quota.MaxMetadataValueBytes, index);
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.String)
            {
                CheckValueBytes(ref reader, quota.MaxMetadataValueBytes, index);
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String) CheckValueBytes(ref reader, quota.MaxMetadataValueBytes, index);
                    else Skip(ref reader);
                }
            }
            else
            {
                Skip(ref reader);
            }
        }
    }

    private static void CheckValueBytes(ref Utf8JsonReader reader, int maxBytes, int index)
    {
        if (maxBytes <= 0) return;
        int bytes = StringBytes(ref reader);
        if (bytes > maxBytes) QuotaExceeded.Throw($"metadata value bytes is {maxBytes}, metadata at index {index} has a key or value of {bytes}");
    }

    /// <summary>UTF-8 length of the current string once unescaped (the escaped form is an upper bound; exact when it has no escapes).</summary>
    private static int StringBytes(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan.Length;
        byte[] buffer = BufferPool<byte>.Rent(reader.ValueSpan.Length);
        try
        {
            return reader.CopyString(buffer);
        }
        finally
        {
            BufferPool<byte>.Return(buffer);
        }
    }
}
