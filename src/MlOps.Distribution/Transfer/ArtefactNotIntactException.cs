using MlOps.Diagnostics;
using MlOps.Governance.Artefacts;

namespace MlOps.Distribution.Transfer;

/// <summary>
/// An artefact that is not intact: the one to push (refused before anything is stored) or the one pulled (refused before
/// anything lands in the output folder). Carries the verification so a caller can list every difference as `mlops verify` does.
/// </summary>
public sealed class ArtefactNotIntactException : MlOpsException
{
    /// <summary>Creates the error.</summary>
    /// <param name="path">The artefact (for a pull: the name it would have had).</param>
    /// <param name="verification">Its verification, with the differences.</param>
    /// <param name="notDone">What was not done, as a clause ("so it was not pushed").</param>
    /// <param name="fix">What to do.</param>
    public ArtefactNotIntactException(string path, VerificationResult verification, string notDone, string fix)
        : base($"The artefact is not intact ({verification.Differences.Count} difference(s), first: {verification.Differences.FirstOrDefault()}), {notDone}.",
            path, fix: fix, diagnostic: DiagnosticCatalog.DistributedArtefactNotIntact)
    {
        Verification = verification;
    }

    /// <summary>The verification that found the differences.</summary>
    public VerificationResult Verification { get; }
}
