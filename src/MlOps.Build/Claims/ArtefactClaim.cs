using System.Text;

namespace MlOps.Build.Claims;

/// <summary>
/// The claim a project lays on an artefact before writing it: <c>&lt;artefact&gt;.claim</c> beside the
/// artefact, naming the project. Two projects sharing an MlOpsOutputDirectory would otherwise overwrite each
/// other's artefact of the same name and version, and which one survives would depend on build order
/// (docs/MLOPS127.md). The claim is created with an exclusive create, so of projects racing for one path
/// exactly one gets it, and it stays until that project's `dotnet clean` (or the user) removes it, so the
/// conflict is found on every build, not only on the racy first one. It is never part of the artefact.
/// </summary>
/// <remarks>
/// Not <c>AtomicFile</c>'s temp file and rename: a rename replaces, and .NET's no-overwrite move is a check
/// then a rename on Unix, so several racers would each "create" the claim. An exclusive create
/// (<see cref="FileMode.CreateNew"/>, O_CREAT|O_EXCL) is decided by the file system; the price is that a
/// reader may open the claim before its one line is written, so <see cref="ReadHolder"/> waits for it.
/// </remarks>
internal static class ArtefactClaim
{
    /// <summary>The claim file's suffix, after the artefact's own file name.</summary>
    public const string Extension = ".claim";

    private const string Comment = "#";

    // Together 2 seconds: far longer than writing ~300 bytes takes, even on a loaded machine.
    private const int IncompleteClaimRetries = 40;
    private static readonly TimeSpan IncompleteClaimWait = TimeSpan.FromMilliseconds(50);

    /// <summary>The claim file of <paramref name="artefactPath"/>.</summary>
    public static string PathFor(string artefactPath) => artefactPath + Extension;

    /// <summary>
    /// Claims <paramref name="artefactPath"/> for <paramref name="projectFile"/> unless another project holds it.
    /// A project that claimed it before (an earlier build, another target framework) still holds it.
    /// </summary>
    /// <returns>Who holds the claim now.</returns>
    /// <exception cref="IOException">The claim cannot be created, written or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the claim is not accessible.</exception>
    public static ClaimHolder Take(string artefactPath, string projectFile)
    {
        var claimPath = PathFor(artefactPath);
        var content = Encoding.UTF8.GetBytes(
            $"{Comment} MlOps.Build: the project below writes {Path.GetFileName(artefactPath)} in this folder; no other project may.\n" +
            $"{Comment} Its `dotnet clean` removes this file; delete it by hand only if that project was moved, renamed or deleted.\n" +
            OwnerText(claimPath, projectFile) + "\n");
        // A claim can vanish between the failed create and the read (its owner is being cleaned): try again.
        for (var attempt = 0; ; attempt++)
        {
            if (TryCreate(claimPath, content))
            {
                return new ClaimHolder(claimPath, Path.GetFullPath(projectFile), IsThisProject: true, IsNew: true);
            }

            try
            {
                var holder = ReadHolder(claimPath);
                return new ClaimHolder(claimPath, holder, SameFile(holder, projectFile), IsNew: false);
            }
            catch (FileNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// True when <paramref name="projectFile"/> may delete <paramref name="artefactPath"/>: it holds the claim, or
    /// nobody does (an artefact written before claims existed).
    /// </summary>
    public static bool MayDelete(string artefactPath, string projectFile, out string? holder)
    {
        holder = null;
        var claimPath = PathFor(artefactPath);
        if (!File.Exists(claimPath))
        {
            return true;
        }

        holder = ReadHolder(claimPath);
        return SameFile(holder, projectFile);
    }

    /// <summary>
    /// Withdraws a claim <see cref="Take"/> has just created for a model that then failed to package: a
    /// rejected model leaves no file behind. A claim from an earlier build stays with its artefact.
    /// </summary>
    public static void Withdraw(ClaimHolder claim)
    {
        if (!claim.IsNew)
        {
            return;
        }

        TryDelete(claim.ClaimPath);
    }

    /// <summary>
    /// Best effort: a claim left behind only keeps other projects away until this one is cleaned; never mask
    /// the error that made the packaging fail.
    /// </summary>
    private static void TryDelete(string claimPath)
    {
        try
        {
            File.Delete(claimPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The artefact of a claim file (the claim's path without <see cref="Extension"/>).</summary>
    public static string ArtefactOf(string claimPath) => claimPath[..^Extension.Length];

    /// <summary>Creates the claim with its content unless it exists; false when it does.</summary>
    private static bool TryCreate(string claimPath, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(claimPath))!);
        FileStream stream;
        try
        {
            stream = new FileStream(claimPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch (IOException) when (File.Exists(claimPath))
        {
            return false;
        }

        using (stream)
        {
            try
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A claim without its owner line would lock every project out, this one included.
                stream.Dispose();
                TryDelete(claimPath);
                throw;
            }
        }

        return true;
    }

    /// <summary>
    /// The project is recorded relative to the claim's folder: moving or copying a whole tree (a renamed
    /// checkout, a CI cache restored elsewhere) keeps the claim valid, while another project always has
    /// another relative path.
    /// </summary>
    private static string OwnerText(string claimPath, string projectFile) =>
        Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(claimPath))!, Path.GetFullPath(projectFile)).Replace('\\', '/');

    /// <summary>
    /// The full path of the project a claim names; empty when the file names none. A claim is complete when
    /// its owner line ends with a line break: one being created this instant is waited for (briefly; it is
    /// written right after its creation), one still incomplete after that (its writer died) names none.
    /// </summary>
    private static string ReadHolder(string claimPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(claimPath))!;
        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(claimPath);
            var owner = text.Split('\n')[..^1]
                .Select(l => l.Trim())
                .FirstOrDefault(l => l.Length > 0 && !l.StartsWith(Comment, StringComparison.Ordinal));
            if (owner is not null)
            {
                return Path.GetFullPath(Path.Combine(folder, owner));
            }

            if (attempt >= IncompleteClaimRetries)
            {
                return "";
            }

            Thread.Sleep(IncompleteClaimWait);
        }
    }

    private static bool SameFile(string a, string b) =>
        a.Length > 0 && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b),
            OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}

/// <summary>Who holds the claim on an artefact.</summary>
/// <param name="ClaimPath">The claim file.</param>
/// <param name="ProjectFile">The full path of the project holding it; empty when the claim file names no project.</param>
/// <param name="IsThisProject">True when the asking project holds it.</param>
/// <param name="IsNew">True when the asking project has just created it.</param>
internal sealed record ClaimHolder(string ClaimPath, string ProjectFile, bool IsThisProject, bool IsNew);
