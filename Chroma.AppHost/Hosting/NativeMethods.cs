using System.Runtime.InteropServices;

namespace Chroma.AppHost.Hosting;

/// <summary>The few POSIX calls .NET does not expose: signals to a process group, and who we run as.</summary>
internal static partial class NativeMethods
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    private const int Esrch = 3;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>Sends a signal to one process. False when it no longer exists.</summary>
    public static bool SignalProcess(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>
    /// Sends a signal to every process of the group led by <paramref name="groupLeaderPid"/>. Children are
    /// started with setsid, so their pid is also their group id and grandchildren (a postmaster's backends,
    /// npm's node) belong to the same group.
    /// </summary>
    public static bool SignalGroup(int groupLeaderPid, int signal) => groupLeaderPid > 0 && Kill(-groupLeaderPid, signal) == 0;

    /// <summary>True while any process of the group is alive (signal 0 checks existence only).</summary>
    public static bool GroupExists(int groupLeaderPid)
    {
        if (groupLeaderPid <= 0) return false;
        if (Kill(-groupLeaderPid, 0) == 0) return true;
        return Marshal.GetLastPInvokeError() != Esrch;
    }

    /// <summary>True while the process exists (a zombie counts until its parent reaps it).</summary>
    public static bool ProcessExists(int pid)
    {
        if (pid <= 0) return false;
        if (Kill(pid, 0) == 0) return true;
        return Marshal.GetLastPInvokeError() != Esrch;
    }
}
