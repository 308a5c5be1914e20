using Chroma.Core.Model;
using Chroma.Distributed.Errors;
using Grpc.Core;

namespace Chroma.Distributed.Tests;

public class ErrorMappingTests
{
    [Fact]
    public void EveryCodeSurvivesTheRoundTripWithItsMessageAndName()
    {
        foreach (ChromaErrorCode code in Enum.GetValues<ChromaErrorCode>())
        {
            var original = new ChromaException(code, $"boom {code} — ünïcode", code == ChromaErrorCode.Unimplemented ? "Unimplemented" : null);
            RpcException rpc = ChromaGrpcErrors.ToRpcException(original);
            ChromaException back = ChromaGrpcErrors.ToChromaException(rpc);
            Assert.Equal(original.Code, back.Code);
            Assert.Equal(original.Message, back.Message);
            Assert.Equal(original.ErrorName, back.ErrorName);
            Assert.Equal(original.Message, rpc.Status.Detail);
        }
    }

    [Theory]
    [InlineData(ChromaErrorCode.NotFound, StatusCode.NotFound)]
    [InlineData(ChromaErrorCode.InvalidArgument, StatusCode.InvalidArgument)]
    [InlineData(ChromaErrorCode.AlreadyExists, StatusCode.AlreadyExists)]
    [InlineData(ChromaErrorCode.VersionMismatch, StatusCode.Aborted)]
    [InlineData(ChromaErrorCode.UnprocessableEntity, StatusCode.InvalidArgument)]
    public void TheStatusCodeIsTheNearestGrpcCode(ChromaErrorCode code, StatusCode expected) =>
        Assert.Equal(expected, ChromaGrpcErrors.ToRpcException(new ChromaException(code, "m")).StatusCode);

    [Fact]
    public void AStatusWithoutTheTrailerMapsByStatusCode()
    {
        ChromaException unavailable = ChromaGrpcErrors.ToChromaException(new RpcException(new Status(StatusCode.Unavailable, "no route")));
        Assert.Equal(ChromaErrorCode.Unavailable, unavailable.Code);
        Assert.Equal("no route", unavailable.Message);

        ChromaException unknown = ChromaGrpcErrors.ToChromaException(new RpcException(new Status(StatusCode.OK, "odd")));
        Assert.Equal(ChromaErrorCode.Unknown, unknown.Code);
    }
}
