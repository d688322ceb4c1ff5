using System.Text.Json.Nodes;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Hashing;

namespace MlOps.Attestations.Tests.Releases;

/// <summary>
/// Release records and trust files for tests, made directly from the statement, envelope and bundle types (the way
/// the release command writes them: <c>{ "decision": ..., "time": ... }</c>). Shared by the Attestations, Runtime and
/// CLI tests (linked into the latter two).
/// </summary>
internal static class ReleaseRecords
{
    /// <summary>A release time well inside any test key's validity.</summary>
    public static readonly DateTimeOffset ReleaseTime = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Appends a release record about <paramref name="artefactPath"/> (as it is now) signed by <paramref name="key"/>.</summary>
    /// <returns>The line appended, exactly as stored.</returns>
    public static byte[] Append(string artefactPath, SigningKey key, string decision = "released", DateTimeOffset? time = null, string? aboutPath = null)
    {
        var about = aboutPath ?? artefactPath;
        var subject = new Subject(Path.GetFileName(about), Sha256Hex.OfFile(about));
        var predicate = new JsonObject
        {
            ["decision"] = decision,
            ["time"] = (time ?? ReleaseTime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        var envelope = DsseEnvelope.Create(InTotoStatement.PayloadType, InTotoStatement.About(subject, PredicateTypes.Release, predicate).ToPayload(), key);
        AttestationBundle.Append(AttestationBundle.PathFor(artefactPath), envelope);
        return envelope.ToJsonLine();
    }

    /// <summary>Writes a trust file naming <paramref name="trusted"/> (inline PEM), with <paramref name="revoked"/> revoked from <paramref name="revokedAt"/>.</summary>
    public static string WriteTrust(string folder, SigningKey trusted, SigningKey? revoked = null, DateTimeOffset? revokedAt = null)
    {
        static string Indented(string pem) => string.Join("\n", pem.TrimEnd('\n').Split('\n').Select(l => "      " + l));
        var lines = new List<string>
        {
            "principals:",
            "  - name: Release Manager",
            "    email: release@example.com",
            "    roles: [release-manager]",
            "    publicKey: |",
            Indented(trusted.PublicKey.ToPem()),
        };
        if (revoked is not null)
        {
            lines.AddRange([
                "  - name: Former Manager",
                "    roles: [release-manager]",
                "    publicKey: |",
                Indented(revoked.PublicKey.ToPem()),
                "revoked:",
                $"  - keyId: {revoked.Id}",
                $"    at: {(revokedAt ?? ReleaseTime.AddDays(-1)).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}",
                "    reason: laptop stolen",
            ]);
        }
        var path = Path.Combine(folder, "trust.yaml");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
