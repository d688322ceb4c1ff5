using System.Text;
using System.Text.Json.Nodes;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Provenance;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Tests.Releases;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
using MlOps.Hashing;

namespace MlOps.Attestations.Tests.Provenance;

public sealed class SlsaProvenanceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mlops-provenance-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Artefact()
    {
        var path = Path.Combine(_folder.FullName, "credit-risk-1.0.0.mlpkg");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("not really a zip, but bytes with a digest"));
        return path;
    }

    private static ProvenanceFacts Facts(string artefact) => new()
    {
        Artefact = new Subject(Path.GetFileName(artefact), Sha256Hex.OfFile(artefact)),
        Project = "src/Models/Models.csproj",
        MlModel = new ModelItemParameters("src/Models/model/credit-risk.onnx", "credit-risk", "1.0.0", "src/Models/model-card.md",
            ["data/train.csv"], ["data/eval.csv"], "src/Models/evidence"),
        Source = new SourceRevision("https://example.com/acme/models.git", new string('a', 40), Dirty: false),
        Materials =
        [
            new("src/Models/model/credit-risk.onnx", new string('1', 64), "model"),
            new("src/Models/model-card.md", new string('2', 64), "card"),
            new("data/train.csv", new string('3', 64), "training-data"),
        ],
        BuilderVersions = new Dictionary<string, string> { ["msbuild"] = "18.0.0", ["MlOps.Build"] = "1.2.3" },
        SourceDateEpoch = 1_700_000_000,
    };

    [Fact]
    public void The_predicate_uses_the_SLSA_v1_field_names()
    {
        var predicate = SlsaProvenance.Predicate(Facts(Artefact()));

        Assert.Equal(["buildDefinition", "runDetails"], predicate.Select(p => p.Key).Order(StringComparer.Ordinal));
        var definition = predicate["buildDefinition"]!.AsObject();
        Assert.Equal(["buildType", "externalParameters", "internalParameters", "resolvedDependencies"], definition.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("https://mlopsbuild.dev/build/msbuild/v1", (string?)definition["buildType"]);
        Assert.Equal("src/Models/Models.csproj", (string?)definition["externalParameters"]!["project"]);
        Assert.Equal("src/Models/model/credit-risk.onnx", (string?)definition["externalParameters"]!["mlModel"]!["include"]);

        var dependencies = definition["resolvedDependencies"]!.AsArray();
        Assert.Equal("git+https://example.com/acme/models.git", (string?)dependencies[0]!["uri"]);
        Assert.Equal(new string('a', 40), (string?)dependencies[0]!["digest"]!["gitCommit"]);
        Assert.Equal(new string('1', 64), (string?)dependencies[1]!["digest"]!["sha256"]);
        Assert.Equal("src/Models/model/credit-risk.onnx", (string?)dependencies[1]!["name"]);
        // Every ResourceDescriptor field is one SLSA v1 / in-toto defines.
        var descriptorFields = new HashSet<string> { "uri", "digest", "name", "downloadLocation", "mediaType", "content", "annotations" };
        Assert.All(dependencies, d => Assert.All(d!.AsObject(), f => Assert.Contains(f.Key, descriptorFields)));

        var run = predicate["runDetails"]!.AsObject();
        Assert.Equal(["builder", "metadata"], run.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("https://mlopsbuild.dev/builder/msbuild/v1", (string?)run["builder"]!["id"]);
        Assert.Equal("1.2.3", (string?)run["builder"]!["version"]!["MlOps.Build"]);
        Assert.Equal("2023-11-14T22:13:20Z", (string?)run["metadata"]!["startedOn"]);
        Assert.Equal("2023-11-14T22:13:20Z", (string?)run["metadata"]!["finishedOn"]);
        Assert.Null(run["metadata"]!["invocationId"]);
    }

    [Fact]
    public void The_statement_is_about_the_artefact_and_its_time_is_the_build_clock()
    {
        var artefact = Artefact();
        var statement = SlsaProvenance.Statement(Facts(artefact));

        Assert.Equal(PredicateTypes.Provenance, statement.PredicateType);
        Assert.True(statement.IsAbout(new Subject("credit-risk-1.0.0.mlpkg", Sha256Hex.OfFile(artefact))));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), AttestationVerifier.ClaimedTime(statement));
    }

    [Fact]
    public void The_same_facts_give_the_same_payload_bytes()
    {
        var artefact = Artefact();
        var first = SlsaProvenance.Statement(Facts(artefact)).ToPayload();
        var second = SlsaProvenance.Statement(Facts(artefact) with { BuilderVersions = new Dictionary<string, string> { ["MlOps.Build"] = "1.2.3", ["msbuild"] = "18.0.0" } }).ToPayload();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Recording_the_same_build_twice_appends_one_line_unsigned_or_signed()
    {
        var artefact = Artefact();
        using var key = SigningKey.Create();

        Assert.True(ProvenanceRecorder.Record(artefact, Facts(artefact), key: null).Appended);
        Assert.False(ProvenanceRecorder.Record(artefact, Facts(artefact), key: null).Appended);
        Assert.True(ProvenanceRecorder.Record(artefact, Facts(artefact), key).Appended);
        Assert.False(ProvenanceRecorder.Record(artefact, Facts(artefact), key).Appended);

        Assert.Equal(2, AttestationBundle.Read(AttestationBundle.PathFor(artefact)).Count);
    }

    [Theory]
    [InlineData("https://x-access-token:ghp_secret@github.com/acme/models.git", "https://github.com/acme/models.git")]
    [InlineData("https://github.com/acme/models.git", "https://github.com/acme/models.git")]
    [InlineData("git@github.com:acme/models.git", "git@github.com:acme/models.git")]
    public void A_token_in_the_repository_URL_never_reaches_the_provenance(string url, string recorded)
    {
        Assert.Equal(recorded, MlOps.Governance.Lineage.GitProbe.WithoutCredentials(url));
    }

    [Fact]
    public void Another_build_of_the_same_artefact_appends_a_new_line()
    {
        var artefact = Artefact();
        ProvenanceRecorder.Record(artefact, Facts(artefact), key: null);

        var outcome = ProvenanceRecorder.Record(artefact, Facts(artefact) with { SourceDateEpoch = 1_800_000_000 }, key: null);

        Assert.True(outcome.Appended);
        Assert.Equal(2, AttestationBundle.Read(outcome.BundlePath).Count);
    }

    [Fact]
    public void Signed_provenance_verifies_with_the_key_and_unsigned_provenance_is_reported_unsigned()
    {
        var artefact = Artefact();
        using var key = SigningKey.Create();
        var trust = TrustFile.Read(ReleaseRecords.WriteTrust(_folder.FullName, key));
        ProvenanceRecorder.Record(artefact, Facts(artefact), key: null);
        ProvenanceRecorder.Record(artefact, Facts(artefact), key);

        var lines = AttestationVerifier.Verify(AttestationBundle.PathFor(artefact), new Subject(Path.GetFileName(artefact), Sha256Hex.OfFile(artefact)), trust);

        Assert.Equal([AttestationStatus.Unsigned, AttestationStatus.Valid], lines.Select(l => l.Status));
        Assert.Equal("provenance", lines[1].Kind);
        Assert.Equal(key.Id, lines[1].KeyId);
    }

    [Fact]
    public void A_damaged_signature_of_the_same_statement_does_not_stand_in_for_a_good_one()
    {
        var artefact = Artefact();
        using var key = SigningKey.Create();
        ProvenanceRecorder.Record(artefact, Facts(artefact), key);
        var bundle = AttestationBundle.PathFor(artefact);
        var line = JsonNode.Parse(File.ReadAllText(bundle))!;
        line["signatures"]![0]!["sig"] = Convert.ToBase64String(new byte[70]);
        File.WriteAllText(bundle, line.ToJsonString() + "\n");

        Assert.True(ProvenanceRecorder.Record(artefact, Facts(artefact), key).Appended);
    }
}
