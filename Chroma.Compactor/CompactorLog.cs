namespace Chroma.Compactor;

internal static partial class CompactorLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    public static partial void Error(ILogger logger, string message);
}
