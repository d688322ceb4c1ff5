using MlOps.Attestations.Statements;
using MlOps.Governance.Artefacts;

namespace MlOps.Cli.Shell;

/// <summary>
/// The check every command that signs or judges an artefact makes first: nothing is signed, approved or released
/// about an artefact that is not intact (exit 1, each difference listed, as <c>mlops verify</c> does).
/// </summary>
internal static class IntactArtefact
{
    /// <summary>
    /// The artefact as the subject of statements (its file name and the SHA-256 of the file) when it is intact;
    /// otherwise prints why and returns null. The file's digest comes from the same verification run (hashed on
    /// another core beside the members), so checking attestations costs no second pass over a large artefact.
    /// </summary>
    /// <exception cref="MlOpsException">Not an artefact at all (exit 2 through the guard).</exception>
    public static Subject? Check(string path, string action, IProgress<long>? progress = null)
    {
        var result = MlPackageVerifier.Verify(path, progress: progress, hashFile: true);
        if (result.Intact)
        {
            return new Subject(Path.GetFileName(path), result.FileSha256!);
        }
        Console.Out.WriteLine($"TAMPERED: {Path.GetFileName(path)}: {result.Differences.Count} difference(s)");
        foreach (var difference in result.Differences)
        {
            Console.Out.WriteLine($"  {difference}");
        }
        Console.Error.WriteLine($"error: {path}: the artefact is not intact, so it was not {action}. Fix: obtain an intact copy or rebuild it.");
        return null;
    }
}
