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
        ReportTampered(path, result, $", so it was not {action}");
        return null;
    }

    /// <summary>
    /// The one report of an artefact that is not intact (`mlops verify` and every command that refuses one): every
    /// difference on stdout, one error line on stderr saying what was not done.
    /// </summary>
    /// <param name="path">The artefact.</param>
    /// <param name="result">Its verification.</param>
    /// <param name="notDone">What the command did not do, as a clause (", so no BOM was written"), or "".</param>
    public static void ReportTampered(string path, VerificationResult result, string notDone)
    {
        ListDifferences(path, result);
        Console.Error.WriteLine($"error: {path}: the artefact is not intact{notDone}. Fix: obtain an intact copy or rebuild it; do not deploy this one.");
    }

    /// <summary>The stdout half of the report: the artefact and every difference (push and pull add their own coded error line).</summary>
    public static void ListDifferences(string path, VerificationResult result)
    {
        var name = Path.GetFileName(path);
        var identity = result.Name is null ? name : $"{result.Name} {result.Version} ({name})";
        Console.Out.WriteLine($"TAMPERED: {identity}: {result.Differences.Count} difference(s)");
        foreach (var difference in result.Differences)
        {
            Console.Out.WriteLine($"  {difference}");
        }
    }
}
