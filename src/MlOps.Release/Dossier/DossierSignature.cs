namespace MlOps.Release.Dossier;

/// <summary>
/// One signed statement about the artefact as the dossier shows it (Annex IV point 2(g): test reports "dated and
/// signed by the responsible persons"). The caller verifies the signatures; the dossier only reports them, so it
/// stays independent of how they are stored and checked.
/// </summary>
/// <param name="Signer">Who signed (the principal's name in the trust file, or "unknown key").</param>
/// <param name="Email">The signer's e-mail address, when known.</param>
/// <param name="Role">The role signed for ("risk-manager", "model-owner", "builder", ...).</param>
/// <param name="Statement">What was signed: "approval", "provenance" or "release".</param>
/// <param name="Decision">"approve" or "reject" for an approval; null otherwise.</param>
/// <param name="Time">When it was signed, as recorded in the statement (UTC, ISO 8601).</param>
/// <param name="KeyId">The key id (lowercase hex sha256 of the public key).</param>
/// <param name="Valid">Whether the signature verified against a trusted, unrevoked key and this artefact's digest.</param>
/// <param name="Problem">Why it is not valid (null when valid).</param>
public sealed record DossierSignature(
    string Signer, string? Email, string Role, string Statement, string? Decision, string Time, string KeyId, bool Valid, string? Problem)
{
    /// <summary>The statement of an approval.</summary>
    public const string Approval = "approval";

    /// <summary>The decision of an approval that approves.</summary>
    public const string Approve = "approve";

    /// <summary>Whether this is a valid approval that approves (what Annex IV 2(g) asks the test reports to carry).</summary>
    public bool IsValidApproval => Valid && Statement == Approval && Decision == Approve;
}
