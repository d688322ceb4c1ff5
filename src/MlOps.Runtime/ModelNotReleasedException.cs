using MlOps.Diagnostics;

namespace MlOps.Runtime;

/// <summary>
/// The artefact is intact but not released: <see cref="GovernedModel.Open"/> was given a trust file
/// (<see cref="GovernedModelOptions.TrustFile"/>) and the artefact's attestation bundle holds no valid release
/// record (signed by a key the trust file names, not revoked, about this very file, decision "released"). Nothing
/// was loaded. <see cref="Reasons"/> lists every reason; the message names them too (MLOPS156).
/// </summary>
/// <remarks>
/// A type of its own rather than an <see cref="ArtefactVerificationException"/>: a tampered artefact is a security
/// incident, an unreleased one is the normal state of a model still waiting for its approvals, and a service (or
/// an operator) reacts to the two differently.
/// </remarks>
public sealed class ModelNotReleasedException : MlOpsException
{
    /// <summary>Creates the exception for <paramref name="path"/> with the reasons it is not released.</summary>
    public ModelNotReleasedException(string path, IReadOnlyList<string> reasons)
        : base(Describe(reasons), file: path, fix: DiagnosticCatalog.ModelNotReleased.Fix, diagnostic: DiagnosticCatalog.ModelNotReleased)
    {
        Reasons = reasons;
    }

    /// <summary>Why the artefact is not released, one sentence each.</summary>
    public IReadOnlyList<string> Reasons { get; }

    private static string Describe(IReadOnlyList<string> reasons) =>
        "The model is not released, so it was not loaded: " + string.Join(" ", reasons);
}
