using System.Diagnostics.CodeAnalysis;
using Chroma.Core.Model;

namespace Chroma.Api.Policies;

/// <summary>
/// "Quota exceeded: …" with 422, as Chroma Cloud answers and as the JavaScript client recognises
/// (it turns a 422 whose message starts so into ChromaQuotaExceededError).
/// </summary>
public static class QuotaExceeded
{
    public const string MessagePrefix = "Quota exceeded: ";

    [DoesNotReturn]
    public static void Throw(string detail) =>
        throw new ChromaException(ChromaErrorCode.UnprocessableEntity, MessagePrefix + detail);
}
