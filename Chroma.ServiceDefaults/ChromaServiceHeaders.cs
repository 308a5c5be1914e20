namespace Microsoft.Extensions.Hosting;

/// <summary>HTTP headers that Chroma's services exchange among themselves (never seen by Chroma clients).</summary>
public static class ChromaServiceHeaders
{
    /// <summary>
    /// Set (to any value) by a Log node on a 409 or 412 answer when it refused a write because another
    /// node holds the collection's log writer. The gateway retries such a write once on the
    /// collection's rendezvous owner; no other write failure is retried.
    /// </summary>
    public const string LogWriterConflict = "Chroma-Log-Writer-Conflict";

    /// <summary>Error name in the JSON body of a log writer conflict, alongside the header.</summary>
    public const string LogWriterConflictError = "LogWriterConflict";
}
