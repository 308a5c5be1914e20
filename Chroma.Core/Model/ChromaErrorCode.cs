namespace Chroma.Core.Model;

/// <summary>
/// The engine's error codes: gRPC's codes plus Chroma's extras. The HTTP status and the
/// gRPC status are both derived from this one value (Chroma.Api maps it once).
/// Persisted nowhere, but the numeric values follow gRPC so a proto enum can reuse them.
/// </summary>
public enum ChromaErrorCode
{
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,

    // Chroma extras (not gRPC codes).
    VersionMismatch = 100,
    UnprocessableEntity = 101,
}
