using MlOps.Governance.Artefacts;

namespace MlOps.Runtime;

/// <summary>
/// The artefact did not pass verification, so nothing in it was run. <see cref="Differences"/> lists every
/// member or manifest difference; the message names them.
/// </summary>
public sealed class ArtefactVerificationException : MlOpsException
{
    /// <summary>Creates the exception for an artefact and its differences.</summary>
    public ArtefactVerificationException(string path, IReadOnlyList<ArtefactDifference> differences)
        : base(Describe(differences), file: path,
            fix: "Do not use this artefact: obtain an intact copy (verify it before use) or rebuild it from source.")
    {
        Differences = differences;
    }

    /// <summary>What differs, as found by <see cref="MlPackageVerifier"/>.</summary>
    public IReadOnlyList<ArtefactDifference> Differences { get; }

    private static string Describe(IReadOnlyList<ArtefactDifference> differences) =>
        "The artefact failed verification and was not loaded: " + string.Join("; ", differences.Select(d => d.ToString())) + ".";
}
