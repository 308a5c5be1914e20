using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Chroma.Api.Json;
using Chroma.Core.Model;

namespace Chroma.Benchmarks.Json;

/// <summary>
/// Parsing one add body of 1000 records x 384 dimensions into a <see cref="RecordBatch"/>, with
/// the embeddings as base64 little-endian float32 (what Chroma's JS client sends once pre-flight
/// says it may) and as JSON float arrays (what other clients send). Per record.
/// </summary>
[MemoryDiagnoser]
public class EmbeddingDecodeBenchmarks
{
    private const int Records = 1000;
    private const int Dimension = 384;

    private byte[] _base64Body = [];
    private byte[] _jsonBody = [];

    [GlobalSetup]
    public void Setup()
    {
        float[] values = BenchData.Uniform(Records, Dimension, seed: 7);
        _base64Body = Body(values, asBase64: true);
        _jsonBody = Body(values, asBase64: false);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public RecordBatch Base64() => WriteRecordsParser.Parse(_base64Body, OperationKind.Add);

    [Benchmark(OperationsPerInvoke = Records)]
    public RecordBatch JsonArrays() => WriteRecordsParser.Parse(_jsonBody, OperationKind.Add);

    private static byte[] Body(float[] values, bool asBase64)
    {
        var json = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < Records; i++) json.Append(i == 0 ? "" : ",").Append("\"r").Append(i).Append('"');
        json.Append("],\"embeddings\":[");
        for (int i = 0; i < Records; i++)
        {
            if (i > 0) json.Append(',');
            ReadOnlySpan<float> row = values.AsSpan(i * Dimension, Dimension);
            if (asBase64)
            {
                json.Append('"').Append(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row))).Append('"');
                continue;
            }

            json.Append('[');
            for (int d = 0; d < Dimension; d++) json.Append(d == 0 ? "" : ",").Append(row[d].ToString(CultureInfo.InvariantCulture));
            json.Append(']');
        }

        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
