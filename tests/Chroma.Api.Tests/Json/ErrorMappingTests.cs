using Chroma.Api.Errors;
using Chroma.Core.Model;

namespace Chroma.Api.Tests.Json;

public class ErrorMappingTests
{
    [Theory]
    [InlineData(ChromaErrorCode.InvalidArgument, 400, "InvalidArgumentError")]
    [InlineData(ChromaErrorCode.NotFound, 404, "NotFoundError")]
    [InlineData(ChromaErrorCode.AlreadyExists, 409, "ChromaError")]
    [InlineData(ChromaErrorCode.PermissionDenied, 403, "ChromaError")]
    [InlineData(ChromaErrorCode.Unauthenticated, 401, "ChromaError")]
    [InlineData(ChromaErrorCode.UnprocessableEntity, 422, "ChromaError")]
    [InlineData(ChromaErrorCode.ResourceExhausted, 429, "ChromaError")]
    [InlineData(ChromaErrorCode.FailedPrecondition, 412, "ChromaError")]
    [InlineData(ChromaErrorCode.Unimplemented, 501, "ChromaError")]
    [InlineData(ChromaErrorCode.Internal, 500, "InternalError")]
    [InlineData(ChromaErrorCode.DataLoss, 500, "ChromaError")]
    [InlineData(ChromaErrorCode.VersionMismatch, 500, "VersionMismatchError")]
    [InlineData(ChromaErrorCode.Unavailable, 503, "ChromaError")]
    [InlineData(ChromaErrorCode.DeadlineExceeded, 504, "ChromaError")]
    [InlineData(ChromaErrorCode.Aborted, 400, "ChromaError")]
    public void Code_maps_to_status_and_name(ChromaErrorCode code, int status, string name)
    {
        Assert.Equal(status, ChromaErrorMapping.ToStatusCode(code));
        Assert.Equal(name, ChromaErrorMapping.ToErrorName(new ChromaException(code, "x")));
    }

    [Fact]
    public void Explicit_error_name_wins() =>
        Assert.Equal("Unimplemented", ChromaErrorMapping.ToErrorName(new ChromaException(ChromaErrorCode.Unimplemented, "x", "Unimplemented")));
}
