namespace Chroma.Core.Model;

/// <summary>
/// An error with a Chroma error code. Everything a client can cause is reported this way,
/// so the API edge can turn it into Chroma's <c>{"error","message"}</c> body; any other
/// exception reaching the edge is a bug and becomes a 500.
/// </summary>
public sealed class ChromaException : Exception
{
    public ChromaException(ChromaErrorCode code, string message, string? errorName = null)
        : base(message)
    {
        Code = code;
        ErrorName = errorName;
    }

    public ChromaErrorCode Code { get; }

    /// <summary>Overrides the derived <c>error</c> name of the body (e.g. "Unimplemented").</summary>
    public string? ErrorName { get; }
}
