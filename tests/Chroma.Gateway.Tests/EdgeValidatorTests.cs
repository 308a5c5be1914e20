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
}
