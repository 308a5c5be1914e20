using Chroma.Api.Policies;
using Chroma.Core.Model;
using Chroma.Gateway.Policies;

namespace Chroma.Gateway.Tests;

public class EdgeValidatorTests
{
    private static readonly ChromaQuotaOptions Quotas = new();

    private static void ValidateQuery(string value) =>
        EdgeValidator.Validate(System.Text.Encoding.UTF8.GetBytes($$"""{"query_embeddings":[[0.5,{{value}}]],"n_results":1}"""),
            BodyKind.Query, Quotas, Quotas.For("default_tenant"));

    [Theory]
    [InlineData("0.12345679104328156")]
    [InlineData("-0.000")]
    [InlineData("1.5E-07")]
    [InlineData("-3")]
    [InlineData("99999999999999999999999999999999999999")] // 38 digits: below 1e38
    [InlineData("340282346638528859811704183484516925440")] // float.MaxValue written out (39 digits)
    [InlineData("3.4028234e38")]
    public void FiniteFloat32ValuesPass(string value) => ValidateQuery(value);

    [Theory]
    [InlineData("999999999999999999999999999999999999999")] // 39 digits: 1e39 overflows float32
    [InlineData("-999999999999999999999999999999999999999.5")]
    [InlineData("1e39")]
    [InlineData("-3.5E+38")]
    [InlineData("1e999")]
    public void ValuesBeyondFloat32AreInvalidArguments(string value)
    {
        var error = Assert.Throws<ChromaException>(() => ValidateQuery(value));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Contains("NaN or Infinity", error.Message, StringComparison.Ordinal);
    }

    private static ChromaException Rejected(string json, BodyKind kind) =>
        Assert.Throws<ChromaException>(() => EdgeValidator.Validate(System.Text.Encoding.UTF8.GetBytes(json), kind, Quotas, Quotas.For("default_tenant")));

    // One pass checks syntax and quotas: a defect must be found wherever it sits, in a field the
    // quota walk inspects, in one it skips, or after the top-level value.
    [Theory]
    [InlineData("""{"ids":["a"],"embeddings":[[1,2]],"where":{"k":"\ud800"}}""", nameof(BodyKind.RecordWrite))]
    [InlineData("""{"ids":["a"],"metadatas":[{"\udc00":1}]}""", nameof(BodyKind.RecordWrite))]
    [InlineData("""{"ids":["a"],"documents":["\ud800"]}""", nameof(BodyKind.RecordWrite))]
    [InlineData("""{"query_embeddings":[[1,2]]} x""", nameof(BodyKind.Query))]
    [InlineData("""{"query_embeddings":[[1,2]],"n_results":1,}""", nameof(BodyKind.Query))]
    [InlineData("""{"query_embeddings":[[1,2]""", nameof(BodyKind.Query))]
    [InlineData("""[1,2,"\ud800"]""", nameof(BodyKind.Query))]
    [InlineData("""{"name":"c","metadata":{"a":1}}{}""", nameof(BodyKind.CreateCollection))]
    [InlineData("""{"a":"\ud800"}""", nameof(BodyKind.Other))]
    [InlineData("""{"a":[1,2}""", nameof(BodyKind.Other))]
    public void MalformedJsonIsAnInvalidArgumentWhereverItIs(string json, string kind)
    {
        var error = Rejected(json, Enum.Parse<BodyKind>(kind));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("Failed to parse the request body as JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(BodyKind.Query))]
    [InlineData(nameof(BodyKind.Other))]
    public void NestingBeyondTheLimitIsRefusedInSkippedFieldsToo(string kind)
    {
        int depth = Quotas.MaxJsonDepth + 1;
        string nested = new string('[', depth) + new string(']', depth);
        var error = Rejected("""{"query_embeddings":[[1,2]],"where":{"k":""" + nested + "}}", Enum.Parse<BodyKind>(kind));
        Assert.Contains($"deeper than the limit of {Quotas.MaxJsonDepth}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WellFormedBodiesWithEscapesPass()
    {
        EdgeValidator.Validate("""{"ids":["\u00e9"],"embeddings":[[1,2]],"metadatas":[{"k\n":"\ud83d\ude00"}],"where":{"\"q":[1,{"a":null}]}}"""u8,
            BodyKind.RecordWrite, Quotas, Quotas.For("default_tenant"));
    }
}
