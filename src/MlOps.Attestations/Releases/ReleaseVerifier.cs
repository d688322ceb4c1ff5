using System.Text.Json.Nodes;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
using MlOps.Hashing;

namespace MlOps.Attestations.Releases;

/// <summary>
/// Decides whether an artefact is released: its bundle holds a release record (predicate type
/// <see cref="PredicateTypes.Release"/>) that verifies under the trust file (a trusted, unrevoked, unexpired key,
/// about this very file) and decided <c>"released"</c>. Of several valid release records the last one in the bundle
/// decides, so a later "blocked" withdraws an earlier release.
/// </summary>
public static class ReleaseVerifier
{
    /// <summary>The decision word of a release that lets the artefact run.</summary>
    public const string Released = "released";

    /// <summary>Checks the artefact at <paramref name="artefactPath"/> (hashing the file) against its bundle.</summary>
    public static ReleaseCheck Check(string artefactPath, TrustFile trust) =>
        Check(artefactPath, Sha256Hex.OfFile(artefactPath), trust);

    /// <summary>Checks the artefact whose file hashes to <paramref name="artefactSha256"/>.</summary>
    public static ReleaseCheck Check(string artefactPath, string artefactSha256, TrustFile trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var bundlePath = AttestationBundle.PathFor(artefactPath);
        var subject = new Subject(Path.GetFileName(artefactPath), artefactSha256);
        if (!File.Exists(bundlePath))
        {
            return NotReleased(artefactSha256, [$"There is no attestation bundle ({Path.GetFileName(bundlePath)}) beside the artefact, so no release record."]);
        }
        var reasons = new List<string>();
        ReleaseRecord? decided = null;
        var releaseLines = 0;
        foreach (var verified in AttestationVerifier.Verify(bundlePath, subject, trust))
        {
            if (verified.Statement?.PredicateType != PredicateTypes.Release)
            {
                continue;
            }
            releaseLines++;
            if (!verified.IsValid)
            {
                reasons.Add(verified.Problem ?? $"Line {verified.Line} (release) does not count.");
                continue;
            }
            var decision = verified.Statement.Predicate["decision"] is JsonValue v && v.TryGetValue<string>(out var d) ? d : null;
            if (decision == Released)
            {
                // The digest of the line's bytes as stored, which anyone can recompute with sha256sum on that line.
                decided = new ReleaseRecord(verified.Line, verified.EnvelopeSha256, verified.Signer!, verified.KeyId!, verified.Time);
                continue;
            }
            decided = null;
            reasons.Add($"Line {verified.Line} (release), signed by {verified.Signer!.Display}, decided '{decision ?? "(no decision)"}', not '{Released}'.");
        }
        if (decided is not null)
        {
            return new ReleaseCheck(artefactSha256, decided, []);
        }
        if (releaseLines == 0)
        {
            reasons.Add($"The bundle {Path.GetFileName(bundlePath)} holds no release record for {subject.Name}.");
        }
        return NotReleased(artefactSha256, reasons);
    }

    private static ReleaseCheck NotReleased(string sha256, IReadOnlyList<string> reasons) => new(sha256, null, reasons);
}
