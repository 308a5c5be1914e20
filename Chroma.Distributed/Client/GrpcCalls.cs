using Chroma.Distributed.Errors;
using Grpc.Core;

namespace Chroma.Distributed.Client;

/// <summary>Awaits a unary call and turns its gRPC error back into the engine's ChromaException.</summary>
internal static class GrpcCalls
{
    public static async ValueTask<TResponse> UnaryAsync<TResponse>(AsyncUnaryCall<TResponse> call)
    {
        using (call)
        {
            try
            {
                return await call.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException exception)
            {
                throw ChromaGrpcErrors.ToChromaException(exception);
            }
        }
    }
}
