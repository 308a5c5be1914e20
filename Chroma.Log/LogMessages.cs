namespace Chroma.Log;

internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    public static partial void BlobLog(ILogger logger, string message);
}
