using Chroma.Core.Model;
using Google.Protobuf;
using Grpc.Core;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Errors;

/// <summary>
/// The one mapping between <see cref="ChromaException"/> and gRPC errors, each way.
/// <para>Server side: the gRPC status code follows the <see cref="ChromaErrorCode"/> (its values
/// 1..16 are gRPC's), the status detail is the message, and the exact code, message and error
/// name ride in the binary trailer <see cref="TrailerKey"/> (a serialized
/// <see cref="P.ChromaError"/>), so Chroma's extra codes and non-ASCII messages survive.</para>
/// <para>Client side: the trailer, when present, is rethrown as the same ChromaException; a
/// status without it (transport failure, a proxy, an unexpected server bug) becomes a
/// ChromaException with the matching code and the status detail.</para>
/// </summary>
public static class ChromaGrpcErrors
{
    /// <summary>Binary trailer (the "-bin" suffix is gRPC's rule for binary values).</summary>
    public const string TrailerKey = "chroma-error-bin";

    public static RpcException ToRpcException(ChromaException exception)
    {
        var error = new P.ChromaError { Code = (int)exception.Code, Message = exception.Message };
        if (exception.ErrorName is not null) error.ErrorName = exception.ErrorName;
        var trailers = new Metadata { { TrailerKey, error.ToByteArray() } };
        return new RpcException(new Status(ToStatusCode(exception.Code), exception.Message), trailers);
    }

    public static ChromaException ToChromaException(RpcException exception)
    {
        Metadata.Entry? entry = exception.Trailers.Get(TrailerKey);
        if (entry is { IsBinary: true })
        {
            P.ChromaError error = P.ChromaError.Parser.ParseFrom(entry.ValueBytes);
            return new ChromaException((ChromaErrorCode)error.Code, error.Message, error.HasErrorName ? error.ErrorName : null);
        }

        return new ChromaException(FromStatusCode(exception.StatusCode), exception.Status.Detail);
    }

    public static StatusCode ToStatusCode(ChromaErrorCode code) => code switch
    {
        >= ChromaErrorCode.Cancelled and <= ChromaErrorCode.Unauthenticated => (StatusCode)(int)code,
        // A lost compare-and-swap: the caller may re-read and try again.
        ChromaErrorCode.VersionMismatch => StatusCode.Aborted,
        // HTTP 422 has no gRPC twin; it is the caller's fault, like InvalidArgument.
        ChromaErrorCode.UnprocessableEntity => StatusCode.InvalidArgument,
        _ => StatusCode.Unknown,
    };

    public static ChromaErrorCode FromStatusCode(StatusCode code) => code switch
    {
        >= StatusCode.Cancelled and <= StatusCode.Unauthenticated => (ChromaErrorCode)(int)code,
        _ => ChromaErrorCode.Unknown,
    };
}
