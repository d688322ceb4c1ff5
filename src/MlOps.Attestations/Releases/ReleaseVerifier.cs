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
        var raw = RawLines(File.ReadAllBytes(bundlePath));
        var reasons = new List<string>();
        ReleaseRecord? decided = null;
        var releaseLines = 0;
        foreach (var line in ReadLines(raw))
        {
            var verified = AttestationVerifier.Verify(line, subject, trust);
            if (verified.Statement?.PredicateType != PredicateTypes.Release)
            {
                continue;
            }
            releaseLines++;
            if (!verified.IsValid)
            {
                reasons.Add(verified.Problem ?? $"Line {line.Number} (release) does not count.");
                continue;
            }
            var decision = verified.Statement.Predicate["decision"] is JsonValue v && v.TryGetValue<string>(out var d) ? d : null;
            if (decision == Released)
            {
                decided = new ReleaseRecord(line.Number, Sha256Hex.Of(raw[line.Number - 1]), verified.Signer!, verified.KeyId!, verified.Time);
                continue;
            }
            decided = null;
            reasons.Add($"Line {line.Number} (release), signed by {verified.Signer!.Display}, decided '{decision ?? "(no decision)"}', not '{Released}'.");
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

    // The bundle's lines as stored (the same split as AttestationBundle.Read), so that a release record's digest is
    // the digest of its bytes on disk, which anyone can recompute with sha256sum on that line.
    private static List<byte[]> RawLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var stop = end < 0 ? bytes.Length : end;
            var span = bytes.AsSpan(start, stop - start);
            if (span.Length > 0 && span[^1] == (byte)'\r')
            {
                span = span[..^1];
            }
            lines.Add(span.ToArray());
            start = stop + 1;
        }
        return lines;
    }

    private static IEnumerable<BundleLine> ReadLines(List<byte[]> raw)
    {
        for (var i = 0; i < raw.Count; i++)
        {
            BundleLine line;
            try
            {
                line = new BundleLine(i + 1, Dsse.DsseEnvelope.Parse(raw[i]), null);
            }
            catch (FormatException e)
            {
                line = new BundleLine(i + 1, null, raw[i].Length == 0 ? "an empty line" : $"not a DSSE envelope: {e.Message}");
            }
            yield return line;
        }
    }
}
