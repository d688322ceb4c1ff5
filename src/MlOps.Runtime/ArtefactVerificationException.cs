using MlOps.Governance.Artefacts;

namespace MlOps.Runtime;

/// <summary>
/// The artefact did not pass verification, so nothing in it was run: it is tampered with (<see cref="Differences"/>
/// lists every member, manifest, framing or sidecar difference and the message names them), or it could not be
/// read as an artefact at all (missing, not a ZIP, refused as unsafe, an unreadable manifest: then
/// <see cref="Differences"/> is empty and <see cref="Exception.InnerException"/> holds the reader's error, whose
/// diagnostic code this exception carries). The one exception type <see cref="GovernedModel.Open"/> throws for any
/// artefact it will not load.
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

    /// <summary>Creates the exception for an artefact that could not be read; <paramref name="reason"/> says why.</summary>
    public ArtefactVerificationException(string path, Exception reason)
        : base($"The artefact could not be read, so it was not verified and not loaded: {reason?.Message}", file: path,
            fix: (reason as MlOpsException)?.Fix ?? "Do not use this file: obtain an intact copy of the artefact or rebuild it from source.",
            diagnostic: (reason as MlOpsException)?.Diagnostic, inner: reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Differences = [];
    }

    /// <summary>What differs, as found by <see cref="MlPackageVerifier"/>; empty when the artefact could not be read.</summary>
    public IReadOnlyList<ArtefactDifference> Differences { get; }

    private static string Describe(IReadOnlyList<ArtefactDifference> differences) =>
        "The artefact failed verification and was not loaded: " + string.Join("; ", differences.Select(d => d.ToString())) + ".";
}
