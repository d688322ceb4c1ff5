using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MlOps.IO;

/// <summary>
/// Linux open-file-description locks (<c>F_OFD_SETLK</c>, <c>F_OFD_SETLKW</c>) on one byte of a file: the lock
/// belongs to the open file description, not the process, so a second open in the same process conflicts and closing
/// some other descriptor of the file does not drop it. Linux keeps these apart from the shared flock every .NET reader
/// takes, and <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> cannot switch them off. Used by the audit log's single writer
/// and by appends to an attestation bundle.
/// </summary>
public static class OpenFileDescriptionLock
{
    /// <summary>Whether this platform has them (64-bit Linux: the struct layout below is that ABI's).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Whether <paramref name="errno"/> from <see cref="LockByte"/> means another description holds the lock
    /// (EAGAIN or EACCES, as fcntl may answer either).</summary>
    public static bool IsHeld(int errno) => errno is 11 or 13;

    /// <summary>
    /// Takes a write lock on the byte at <paramref name="offset"/> of <paramref name="handle"/>'s file, waiting for it
    /// when <paramref name="wait"/>. Returns 0, or the errno of the refusal. Interrupted calls are retried.
    /// </summary>
    public static int LockByte(SafeFileHandle handle, long offset, bool wait)
    {
        var request = new FLock { Type = WriteLock, Whence = 0, Start = offset, Length = 1 };
        while (true)
        {
            if (fcntl((int)handle.DangerousGetHandle(), wait ? SetLockWait : SetLock, ref request) == 0)
            {
                return 0;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Interrupted)
            {
                return errno;
            }
        }
    }

    private const int SetLock = 37;      // F_OFD_SETLK, Linux only (since 3.15)
    private const int SetLockWait = 38;  // F_OFD_SETLKW
    private const short WriteLock = 1;   // F_WRLCK
    private const int Interrupted = 4;   // EINTR

    /// <summary>struct flock of 64-bit Linux (every 64-bit ABI .NET runs on has this layout).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    private struct FLock
    {
        [FieldOffset(0)] public short Type;
        [FieldOffset(2)] public short Whence;
        [FieldOffset(8)] public long Start;
        [FieldOffset(16)] public long Length;
        [FieldOffset(24)] public int Pid;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, ref FLock request);
}
