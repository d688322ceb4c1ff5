using System.Text.Json.Nodes;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;

namespace MlOps.Attestations.Tests.TestSupport;

/// <summary>Statements and trust files for tests.</summary>
internal static class Signed
{
    public static readonly Subject Artefact = new("credit-1.0.0.mlpkg", new string('a', 64));

    public static JsonObject Approval(string time = "2026-12-01T10:00:00Z") => new() { ["role"] = "risk-manager", ["decision"] = "approve", ["time"] = time };

    public static DsseEnvelope Envelope(SigningKey? key, Subject? subject = null, JsonObject? predicate = null, string type = PredicateTypes.Approval) =>
        DsseEnvelope.Create(InTotoStatement.PayloadType, InTotoStatement.About(subject ?? Artefact, type, predicate ?? Approval()).ToPayload(), key);

    public static string Bundle(TempFolder folder, params DsseEnvelope[] envelopes)
    {
        var path = folder.File("credit-1.0.0.mlpkg.intoto.jsonl");
        foreach (var e in envelopes)
        {
            AttestationBundle.Append(path, e);
        }
        return path;
    }

    /// <summary>A trust file naming each key's holder with the given roles; extra YAML is appended verbatim.</summary>
    public static string TrustFile(TempFolder folder, IEnumerable<(string Name, SigningKey Key, string Roles)> principals, string extra = "")
    {
        var text = "principals:\n";
        foreach (var (name, key, roles) in principals)
        {
            var pub = folder.File(name.ToLowerInvariant().Replace(' ', '-') + ".pub");
            File.WriteAllText(pub, key.PublicKey.ToPem());
            text += $"  - name: {name}\n    email: {name.ToLowerInvariant().Replace(' ', '.')}@example.org\n    roles: [{roles}]\n    publicKey: {Path.GetFileName(pub)}\n";
        }
        var path = folder.File("trust.yaml");
        File.WriteAllText(path, text + extra);
        return path;
    }
}
