using Chroma.Core.Model;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Chroma.Distributed.Errors;

/// <summary>
/// Server interceptor: a <see cref="ChromaException"/> thrown by a service becomes the gRPC
/// error of <see cref="ChromaGrpcErrors"/>. Any other exception is left to gRPC, which answers
/// Unknown without the exception text (no internals leak to callers); it is logged by the host.
/// All our RPCs are unary, so only the unary handler is wrapped.
/// </summary>
public sealed class ChromaExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (ChromaException exception)
        {
            throw ChromaGrpcErrors.ToRpcException(exception);
        }
    }
}
