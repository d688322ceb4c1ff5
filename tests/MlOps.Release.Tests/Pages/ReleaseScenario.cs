using System.Text.Json.Nodes;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Governance.Evidence;
using MlOps.Governance.Packaging;
using MlOps.Governance.Policy;
using MlOps.Governance.Risk;
using MlOps.Governance.Tests.TestSupport;
using MlOps.Hashing;
using MlOps.Release.Approvals;
using MlOps.Release.Releasing;

namespace MlOps.Release.Tests.Pages;

/// <summary>
/// A real high-risk artefact (built by MlPackageBuilder from the shared sample inputs) with key pairs for Alice
/// (model-owner), Bob (risk-manager) and the CI builder named in a trust file, plus Carol, whom the trust file does not
/// name. Tests append provenance and approvals to its bundle and judge it with <see cref="ReleaseGate"/>.
/// </summary>
internal sealed class ReleaseScenario : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SampleInputs _inputs = new();

    public ReleaseScenario()
    {
        ArtefactPath = MlPackageBuilder.Build(_inputs.Request()).PackagePath;
        var keys = Directory.CreateDirectory(Path.Combine(Root, "governance", "keys")).FullName;
        Alice = NewKey(keys, "alice");
        Bob = NewKey(keys, "bob");
        Ci = NewKey(keys, "ci");
        Carol = NewKey(keys, "carol");
        TrustPath = Path.Combine(Root, "governance", "trust.yaml");
        File.WriteAllText(TrustPath, """
            principals:
              - name: Alice Example
                email: alice@example.org
                roles: [model-owner]
                publicKey: keys/alice.pub
              - name: Bob Example
                email: bob@example.org
                roles: [risk-manager]
                publicKey: keys/bob.pub
              - name: CI builder
                roles: []
                publicKey: keys/ci.pub
            revoked:
              - keyId: 0000000000000000000000000000000000000000000000000000000000000000
                at: 2026-01-01T00:00:00Z
                reason: lost laptop
            """);
        var levels = GatePolicy.BuiltIn.Levels.ToDictionary(l => l.Key, l => l.Value);
        // The sample is high risk; its evaluation evidence is all the evidence this policy asks for, so the release
        // turns on the approvals alone (the built-in rule: a model-owner and a risk-manager, two people).
        levels[RiskLevel.High] = levels[RiskLevel.High] with { Evidence = [EvidenceKinds.Evaluation], Fairness = new Dictionary<string, MetricBound>() };
        Policy = GatePolicy.BuiltIn with { Source = Path.Combine(Root, "governance", "governance-policy.yaml"), Levels = levels };
        (CardSha256, GateEvidenceSha256) = MlOps.Release.Approvals.ApproverView.Of(ArtefactPath, PolicyGate.Evaluate(GateInputs.FromArtefact(ArtefactPath), Policy));
    }

    public string Root => _inputs.Root;

    public string ArtefactPath { get; }

    public string BundlePath => AttestationBundle.PathFor(ArtefactPath);

    public string TrustPath { get; }

    public GatePolicy Policy { get; }

    public SigningKey Alice { get; }

    public SigningKey Bob { get; }

    public SigningKey Ci { get; }

    public SigningKey Carol { get; }

    public string CardSha256 { get; }

    public string GateEvidenceSha256 { get; }

    public Subject Artefact => new(Path.GetFileName(ArtefactPath), Sha256Hex.OfFile(ArtefactPath));

    /// <summary>Appends an approval (or rejection) signed by <paramref name="key"/>.</summary>
    public void Approve(SigningKey key, string role, string comment, DateTimeOffset time, ApprovalDecision decision = ApprovalDecision.Approve,
        DateTimeOffset? expires = null, string? scope = null)
    {
        var approval = new ApprovalStatement(role, decision, comment, time, CardSha256, GateEvidenceSha256, "high", "high-risk", expires, scope);
        Append(approval.ToStatement(Artefact), key);
    }

    /// <summary>Appends SLSA v1 provenance of the artefact, signed by the CI key or unsigned.</summary>
    public void AddProvenance(bool signed)
    {
        var predicate = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = "https://mlopsbuild.dev/build/v1",
                ["externalParameters"] = new JsonObject { ["project"] = "credit-risk.csproj" },
                ["resolvedDependencies"] = new JsonArray(
                    new JsonObject { ["uri"] = "git+https://example.org/credit-risk.git", ["digest"] = new JsonObject { ["gitCommit"] = "0123456789abcdef0123456789abcdef01234567" } },
                    new JsonObject { ["name"] = "train.csv", ["digest"] = new JsonObject { ["sha256"] = Sha256Hex.OfFile(_inputs.TrainPath) } }),
            },
            ["runDetails"] = new JsonObject
            {
                ["builder"] = new JsonObject { ["id"] = "https://mlopsbuild.dev/builder/msbuild@0.1.0" },
                ["metadata"] = new JsonObject { ["startedOn"] = "2026-05-01T09:00:00Z", ["finishedOn"] = "2026-05-01T09:05:00Z" },
            },
        };
        Append(InTotoStatement.About(Artefact, PredicateTypes.Provenance, predicate), signed ? Ci : null);
    }

    /// <summary>Signs the release record of <paramref name="verdict"/> with the CI key, appends it, and returns its line's SHA-256.</summary>
    public string RecordRelease(ReleaseVerdict verdict)
    {
        AttestationBundle.Append(BundlePath, ReleaseRecord.Sign(verdict, Ci));
        return AttestationBundle.Read(BundlePath)[^1].Sha256;
    }

    public ReleaseVerdict Evaluate() => Evaluate(ArtefactPath, TrustPath);

    public ReleaseVerdict Evaluate(string artefactPath, string trustPath) =>
        ReleaseGate.Evaluate(artefactPath, Subject.OfFile(artefactPath), Policy, TrustFile.Read(trustPath), Now);

    /// <summary>Alice approves (with a comment that tries to be markup), Bob approves under conditions, Carol (not trusted) too.</summary>
    public void ApproveByEveryone()
    {
        AddProvenance(signed: true);
        Approve(Alice, "model-owner", "EO gap accepted <script>alert('x')</script> & reviewed", Now.AddDays(-2));
        Approve(Bob, "risk-manager", "Human review of every adverse decision", Now.AddDays(-1), expires: new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), scope: "EU branches");
        Approve(Carol, "risk-manager", "I am not in the trust file", Now.AddHours(-1));
    }

    private void Append(InTotoStatement statement, SigningKey? key) =>
        AttestationBundle.Append(BundlePath, DsseEnvelope.Create(InTotoStatement.PayloadType, statement.ToPayload(), key));

    private static SigningKey NewKey(string folder, string name)
    {
        var (privateKey, _, _) = KeyFiles.Create(Path.Combine(folder, name), null);
        return SigningKey.Load(privateKey, KeyFiles.DefaultPassphraseVariable);
    }

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
        Ci.Dispose();
        Carol.Dispose();
        _inputs.Dispose();
    }
}
