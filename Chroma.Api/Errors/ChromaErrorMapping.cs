using Chroma.Core.Model;

namespace Chroma.Api.Errors;

/// <summary>
/// The one mapping from <see cref="ChromaErrorCode"/> to Chroma's HTTP status and <c>error</c>
/// name (API.md §1, chroma rust/error/src/lib.rs). Clients branch on the status, so it must
/// never drift: every handler reports errors through <see cref="ChromaEndpoint"/>, which uses this.
/// </summary>
public static class ChromaErrorMapping
{
    public static int ToStatusCode(ChromaErrorCode code) => code switch
    {
        ChromaErrorCode.InvalidArgument => 400,
        ChromaErrorCode.Cancelled => 400,
        ChromaErrorCode.Aborted => 400,
        ChromaErrorCode.OutOfRange => 400,
        ChromaErrorCode.Unauthenticated => 401,
        ChromaErrorCode.PermissionDenied => 403,
        ChromaErrorCode.NotFound => 404,
        ChromaErrorCode.AlreadyExists => 409,
        ChromaErrorCode.FailedPrecondition => 412,
        ChromaErrorCode.UnprocessableEntity => 422,
        ChromaErrorCode.ResourceExhausted => 429,
        ChromaErrorCode.Unimplemented => 501,
        ChromaErrorCode.Unavailable => 503,
        ChromaErrorCode.DeadlineExceeded => 504,
        _ => 500, // Internal, Unknown, DataLoss, VersionMismatch
    };

    public static string ToErrorName(ChromaErrorCode code) => code switch
    {
        ChromaErrorCode.InvalidArgument => "InvalidArgumentError",
        ChromaErrorCode.NotFound => "NotFoundError",
        ChromaErrorCode.Internal => "InternalError",
        ChromaErrorCode.VersionMismatch => "VersionMismatchError",
        _ => "ChromaError",
    };

    /// <summary>The exception's explicit name wins (e.g. "Unimplemented" on /api/v1).</summary>
    public static string ToErrorName(ChromaException exception) =>
        exception.ErrorName ?? ToErrorName(exception.Code);
}
