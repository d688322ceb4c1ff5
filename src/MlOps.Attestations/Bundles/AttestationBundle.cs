using System.Runtime.InteropServices;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Statements;
using MlOps.Hashing;
using MlOps.IO;

namespace MlOps.Attestations.Bundles;

/// <summary>One line of a bundle: its number and the envelope, or why the line is not an envelope.</summary>
public sealed record BundleLine(int Number, DsseEnvelope? Envelope, string? Problem)
{
    /// <summary>The in-toto statement the line carries, or null when it carries none (its signatures unchecked).</summary>
    public InTotoStatement? ReadStatement() =>
        Envelope is { PayloadType: InTotoStatement.PayloadType } envelope ? InTotoStatement.TryParse(envelope.Payload) : null;

    /// <summary>SHA-256 of the line's bytes (without its line break): how release records and audit records name it.</summary>
    public string Sha256 { get; init; } = "";
}

/// <summary>
/// The attestations of an artefact: <c>&lt;artefact&gt;.intoto.jsonl</c> beside it, one DSSE envelope a line. Lines are
/// only ever appended, never rewritten: an approval given stays on record even when a later one rejects.
/// </summary>
/// <remarks>
/// Appends from several processes are serialised by an exclusive lock on the file itself (see OpenLocked) and each line is written with one write call while the lock is held, so no
/// append is lost or interleaved. .NET's FileMode.Append does not open with O_APPEND (it seeks once, at open), so
/// the lock, not the mode, is what keeps two appenders from writing at the same offset.
/// </remarks>
public static class AttestationBundle
{
    /// <summary>The bundle of the artefact at <paramref name="artefactPath"/>.</summary>
    public static string PathFor(string artefactPath) => artefactPath + ".intoto.jsonl";

    /// <summary>Appends <paramref name="envelope"/> as one line.</summary>
    /// <returns>The 1-based number of the new line (as <see cref="Read"/> numbers it).</returns>
    /// <exception cref="MlOpsException">The bundle cannot be written (no code; the I/O error inside).</exception>
    public static int Append(string bundlePath, DsseEnvelope envelope)
    {
        var line = envelope.ToJsonLine();
        try
        {
            using var stream = OpenLocked(bundlePath);
            var end = stream.Length;
            var before = CountLines(stream, end);
            // A line torn by a crash mid-append stays on record as a damaged line rather than being glued to this one.
            var separate = end > 0 && LastByte(stream, end) != (byte)'\n';
            var bytes = new byte[(separate ? 1 : 0) + line.Length + 1];
            if (separate)
            {
                bytes[0] = (byte)'\n';
            }
            line.CopyTo(bytes, separate ? 1 : 0);
            bytes[^1] = (byte)'\n';
            stream.Position = end;
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
            return before + 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException($"Cannot append to the attestation bundle '{bundlePath}': {e.Message}", bundlePath,
                fix: "Check that the folder is writable and the disk has space.", inner: e);
        }
    }

    /// <summary>
    /// When the bundle's readable statements are all about other bytes than <paramref name="current"/> (the artefact
    /// was rebuilt with other inputs), it no longer applies. Holding nothing but provenance (the build's own statements
    /// about bytes that are gone), it is deleted; holding people's decisions, it is moved aside to
    /// <c>&lt;bundle&gt;.&lt;12 hex digits of the old sha256&gt;.superseded</c> (never replacing a file) and that path is
    /// returned. A bundle with any statement about the current bytes is left alone, foreign lines and all:
    /// verification reports those.
    /// </summary>
    public static string? SupersedeIfAboutOtherBytes(string bundlePath, Subject current)
    {
        var subjects = Read(bundlePath).Select(l => l.ReadStatement()?.Subjects[0]).OfType<Subject>().ToList();
        if (subjects.Count == 0 || subjects.Any(s => s.Name == current.Name && s.Sha256 == current.Sha256))
        {
            return null;
        }
        if (HoldsOnlyProvenance(bundlePath))
        {
            File.Delete(bundlePath);
            return null;
        }
        var stem = $"{bundlePath}.{subjects[0].Sha256[..Math.Min(12, subjects[0].Sha256.Length)]}";
        for (var n = 1; ; n++)
        {
            var target = n == 1 ? stem + ".superseded" : $"{stem}.{n}.superseded";
            try
            {
                File.Move(bundlePath, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target) && n < 1000)
            {
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MlOpsException($"Cannot move the bundle of the artefact's previous bytes aside: {e.Message}", bundlePath,
                    fix: "Check that the folder is writable.", inner: e);
            }
        }
    }

    /// <summary>Whether the bundle holds nothing but provenance (a build can write it again), or does not exist.</summary>
    public static bool HoldsOnlyProvenance(string bundlePath) =>
        Read(bundlePath).All(l => l.ReadStatement()?.PredicateType == PredicateTypes.Provenance);

    /// <summary>Every line of the bundle (none when it does not exist); a blank last line is not a line.</summary>
    public static IReadOnlyList<BundleLine> Read(string bundlePath)
    {
        if (!File.Exists(bundlePath))
        {
            return [];
        }
        var bytes = File.ReadAllBytes(bundlePath);
        var lines = new List<BundleLine>();
        var start = 0;
        var number = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var stop = end < 0 ? bytes.Length : end;
            number++;
            var span = bytes.AsSpan(start, stop - start);
            if (span.Length > 0 && span[^1] == (byte)'\r')
            {
                span = span[..^1];
            }
            var sha256 = Sha256Hex.Of(span);
            try
            {
                lines.Add(new BundleLine(number, DsseEnvelope.Parse(span), null) { Sha256 = sha256 });
            }
            catch (FormatException e)
            {
                lines.Add(new BundleLine(number, null, span.IsEmpty ? "an empty line" : $"not a DSSE envelope: {e.Message}") { Sha256 = sha256 });
            }
            start = stop + 1;
        }
        return lines;
    }

    // Lines as Read counts them: a final line without a line break is a line.
    private static int CountLines(FileStream stream, long length)
    {
        stream.Position = 0;
        var buffer = new byte[64 * 1024];
        var count = 0;
        long read = 0;
        byte last = (byte)'\n';
        int n;
        while (read < length && (n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length - read))) > 0)
        {
            count += buffer.AsSpan(0, n).Count((byte)'\n');
            last = buffer[n - 1];
            read += n;
        }
        return count + (length > 0 && last != (byte)'\n' ? 1 : 0);
    }

    private static byte LastByte(FileStream stream, long length)
    {
        stream.Position = length - 1;
        return (byte)stream.ReadByte();
    }

    // Linux: a blocking open-file-description lock (F_OFD_SETLKW) on one byte far beyond the content. Linux keeps these
    // apart from the shared flock every .NET reader takes, so verifying while someone appends never fails, and .NET's
    // DOTNET_SYSTEM_IO_DISABLEFILELOCKING cannot switch it off. Windows: an exclusive share mode, waited for. Other
    // Unix: .NET's own exclusive flock (FileShare.None), waited for.
    private static FileStream OpenLocked(string path)
    {
        if (OpenFileDescriptionLock.IsSupported)
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            var errno = OpenFileDescriptionLock.LockByte(stream.SafeFileHandle, 1L << 62, wait: true);
            if (errno != 0)
            {
                stream.Dispose();
                throw new IOException($"the file lock could not be taken ({Marshal.GetPInvokeErrorMessage(errno)})");
            }
            return stream;
        }
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, OperatingSystem.IsWindows() ? FileShare.Read : FileShare.None, bufferSize: 0);
            }
            catch (IOException) when (attempt < 1200)
            {
                Thread.Sleep(25);
            }
        }
    }
}
