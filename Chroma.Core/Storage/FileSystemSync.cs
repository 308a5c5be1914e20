using System.Runtime.InteropServices;

namespace Chroma.Core.Storage;

/// <summary>
/// Directory fsync. After a create or rename, the file's data is durable (it was fsynced) but
/// its directory entry is not until the directory itself is flushed; .NET has no API for that
/// on Unix, so it is one small P/Invoke. Windows journals the rename and cannot open a
/// directory for flushing: a no-op there.
/// </summary>
internal static partial class FileSystemSync
{
    private const int ReadOnly = 0;

    public static void FlushDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) return;

        int fd = Open(path, ReadOnly);
        if (fd < 0) throw new IOException($"Cannot open directory '{path}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0)
                throw new IOException($"Cannot flush directory '{path}' (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
