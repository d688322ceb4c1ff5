using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using MlOps.Diagnostics;
using MlOps.IO;

namespace MlOps.Runtime.Auditing;

/// <summary>
/// The one-writer-per-log lock (docs/audit-log.md, "One writer"). It is held on the FILE of the log's first segment,
/// not on a path, so a second writer is refused whichever name reaches that file: a symbolic link to the file or to
/// its folder, a hard link, a relative path, another mount of the same folder. It is taken with the operating
/// system's own call, so <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> (which switches off .NET's FileShare locking on
/// Unix) cannot switch it off. Readers never take this lock, so verifying a live log still works.
/// </summary>
internal sealed class AuditWriterLock : IDisposable
{
    // A byte-range lock on one byte far beyond any record: on Windows byte-range locks are mandatory, so the range
    // must never be read or written; on Unix it keeps the lock clear of any whole-file lock a reader might take.
    private const long LockedByte = 1L << 62;

    private readonly IDisposable _handle;

    private AuditWriterLock(IDisposable handle) => _handle = handle;

    /// <summary>How the lock is taken (chosen per platform; tests force the fallback to exercise it on Linux).</summary>
    internal enum Method
    {
        /// <summary>
        /// Linux (64-bit): an open-file-description lock (F_OFD_SETLK) on the first segment itself. Unlike a classic
        /// fcntl lock it belongs to this descriptor, not the process, so closing some other descriptor of the file (a
        /// verifier in the same process) does not drop it, and a second open in this process conflicts; .NET opens with
        /// O_CLOEXEC, so a child process keeps it only between fork and exec (hence the short grace when it looks held). Linux keeps these apart from flock, which readers use.
        /// </summary>
        OpenFileDescriptionLock,

        /// <summary>Windows: LockFile on the first segment itself (owned by the handle's file object, not the path).</summary>
        WindowsRangeLock,

        /// <summary>
        /// Other Unix (macOS, FreeBSD, 32-bit Linux) and Linux network file systems: flock on
        /// <c>&lt;real path of the first segment&gt;.lock</c>. There no per-descriptor byte-range lock stays clear of the
        /// shared flock every .NET reader takes on the segment; the real path covers symbolic links (to the file or a
        /// folder) and relative paths, not hard links.
        /// </summary>
        RealPathLockFile,
    }

    /// <summary>
    /// Takes the writer lock of the log whose first segment is <paramref name="firstSegment"/> (a full path; the file
    /// is created when missing), or throws an <see cref="MlOpsException"/> without having written anything.
    /// </summary>
    public static AuditWriterLock Acquire(string firstSegment) => Acquire(firstSegment, MethodFor(Path.GetDirectoryName(firstSegment)!));

    /// <summary>The method for a log in <paramref name="folder"/> on this platform.</summary>
    internal static Method MethodFor(string folder) =>
        OperatingSystem.IsWindows() ? Method.WindowsRangeLock
        : OpenFileDescriptionLock.IsSupported && !IsNetworkFileSystem(folder) ? Method.OpenFileDescriptionLock
        : Method.RealPathLockFile;

    // The Linux NFS and SMB clients emulate flock with whole-file byte-range locks, so there the shared flock of every
    // .NET reader (our own tail read included) would collide with a byte-range writer lock: use the lock file instead.
    private static bool IsNetworkFileSystem(string folder)
    {
        try
        {
            return new DriveInfo(folder).DriveFormat.ToLowerInvariant() is "nfs" or "nfs4" or "cifs" or "smb" or "smb2" or "smb3";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    internal static AuditWriterLock Acquire(string firstSegment, Method method)
    {
        // Open the first segment (creating it if needed) with sharing that never refuses a reader or our own segment
        // handle: exclusion comes from the lock below, never from share modes or .NET's own advisory locks. On Windows
        // the handle only reads: the segment's write handle refuses to share writing with another write handle.
        SafeFileHandle segment;
        try
        {
            segment = File.OpenHandle(firstSegment, FileMode.OpenOrCreate,
                method == Method.WindowsRangeLock ? FileAccess.Read : FileAccess.Write,
                FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException($"The audit log cannot be opened for writing: {e.Message}", file: firstSegment,
                fix: "Make the log's folder and file writable by this process, then open the log again.", inner: e);
        }

        try
        {
            switch (method)
            {
                case Method.OpenFileDescriptionLock:
                    LockOpenFileDescription(segment, firstSegment);
                    return new AuditWriterLock(segment);
                case Method.WindowsRangeLock:
                    return new AuditWriterLock(LockWindowsRange(segment, firstSegment));
                default:
                    var lockFile = LockRealPathFile(firstSegment);
                    segment.Dispose();
                    return new AuditWriterLock(lockFile);
            }
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock (closing the descriptor that owns it).</summary>
    public void Dispose() => _handle.Dispose();

    private static void LockOpenFileDescription(SafeFileHandle segment, string firstSegment)
    {
        var errno = 0;
        RetryWhileHeld(() => (errno = OpenFileDescriptionLock.LockByte(segment, LockedByte, wait: false)) != 0 && OpenFileDescriptionLock.IsHeld(errno));
        if (errno != 0)
        {
            throw OpenFileDescriptionLock.IsHeld(errno) ? AlreadyHasWriter(firstSegment) : LockRefused(firstSegment, errno);
        }
    }

    // A writer that just closed its log can still look like a writer for a moment: a child process this process is
    // starting holds copies of every descriptor between fork and exec (O_CLOEXEC closes them only at exec), and the
    // lock belongs to the open file description, not to the descriptor. A real second writer holds the lock for as
    // long as it runs, so waiting this long before refusing costs nothing and never admits a second writer.
    private const int ForkWindowGraceMilliseconds = 2000;

    /// <summary>Repeats <paramref name="attemptFindsItHeld"/> while it finds the lock held, for at most the fork-window grace.</summary>
    private static void RetryWhileHeld(Func<bool> attemptFindsItHeld)
    {
        var deadline = Environment.TickCount64 + ForkWindowGraceMilliseconds;
        while (attemptFindsItHeld() && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(10);
        }
    }

    private static FileStream LockWindowsRange(SafeFileHandle segment, string firstSegment)
    {
        var stream = new FileStream(segment, FileAccess.Read, bufferSize: 0);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                stream.Lock(LockedByte, 1);
            }
            return stream;
        }
        catch (IOException e)
        {
            stream.Dispose();
            // ERROR_LOCK_VIOLATION (33): another handle holds the byte, i.e. another writer. Anything else: refused.
            throw (e.HResult & 0xFFFF) == 33 ? AlreadyHasWriter(firstSegment) : LockRefused(firstSegment, e.HResult & 0xFFFF, e);
        }
    }

    private static FileStream LockRealPathFile(string firstSegment)
    {
        var lockPath = RealPath(firstSegment) + ".lock";
        FileStream? stream = null;
        IOException? held = null;
        RetryWhileHeld(() =>
        {
            try
            {
                // FileShare.None also makes .NET take flock(LOCK_EX) when file locking is enabled; the explicit flock
                // below holds even when DOTNET_SYSTEM_IO_DISABLEFILELOCKING switched .NET's off.
                stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                return false;
            }
            catch (IOException e)
            {
                held = e;
                return true;
            }
        });
        var file = stream ?? throw AlreadyHasWriter(firstSegment, held);
        int result = 0, errno = 0;
        RetryWhileHeld(() =>
        {
            do
            {
                result = LibC.flock((int)file.SafeFileHandle.DangerousGetHandle(), LibC.LOCK_EX | LibC.LOCK_NB);
                errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (result < 0 && errno == LibC.EINTR);
            return result < 0 && errno == LibC.EWOULDBLOCK;
        });
        if (result < 0)
        {
            file.Dispose();
            throw errno == LibC.EWOULDBLOCK ? AlreadyHasWriter(firstSegment) : LockRefused(firstSegment, errno);
        }
        return file;
    }

    private static string RealPath(string path)
    {
        var utf8 = Encoding.UTF8.GetBytes(path + "\0");
        var resolved = LibC.realpath(utf8, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new MlOpsException($"The audit log's real path cannot be resolved: {Marshal.GetPInvokeErrorMessage(errno)}.", file: path,
                fix: "Check that every folder on the log's path exists and is readable, then open the log again.");
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved)!;
        }
        finally
        {
            LibC.free(resolved);
        }
    }

    private static MlOpsException AlreadyHasWriter(string firstSegment, Exception? inner = null) =>
        new("The audit log is already open for writing by another AuditLog, in this or another process, possibly through " +
            "another path to the same file (a symbolic link, a hard link, a relative path); a second writer would break the chain, " +
            "so nothing was written.",
            file: firstSegment,
            fix: "Share one AuditLog instance per log (it is thread-safe), or give each writer its own log file; " +
                 "if the other writer should stop, close it first, then open the log again.",
            diagnostic: DiagnosticCatalog.AuditLogHasWriter, inner: inner);

    private static MlOpsException LockRefused(string firstSegment, int error, Exception? inner = null) =>
        new("The audit log cannot be locked for a single writer: the file system refused the lock (" +
            (inner?.Message ?? Marshal.GetPInvokeErrorMessage(error)) + "). Without the lock a second writer could interleave " +
            "records unnoticed, so nothing was written.",
            file: firstSegment,
            fix: "Keep the audit log on a local file system that supports file locks (for example ext4, XFS, APFS or NTFS), " +
                 "or on a network file system with its lock service running, then open the log again.",
            diagnostic: DiagnosticCatalog.AuditLogHasWriter, inner: inner);

    // Blittable DllImports (no marshalling code, no unsafe): called only on the platforms named above.
    private static class LibC
    {
        public const int LOCK_EX = 2;
        public const int LOCK_NB = 4;
        public const int EINTR = 4;
        public static readonly int EWOULDBLOCK = OperatingSystem.IsLinux() ? 11 : 35;

        [DllImport("libc", SetLastError = true)]
        public static extern int flock(int fd, int operation);

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr realpath(byte[] path, IntPtr resolved);

        [DllImport("libc")]
        public static extern void free(IntPtr pointer);
    }
}
