using MlOps.Attestations.Bundles;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
using MlOps.Build.Tests.Infrastructure;
using MlOps.Hashing;

namespace MlOps.Build.Tests.Integration;

/// <summary>
/// `dotnet build` appends SLSA provenance to the artefact's bundle: unsigned without a key (and says so), signed with
/// MLOPS_SIGNING_KEY (and the signature verifies), never twice for the same build, a wrong passphrase is MLOPS139
/// naming the property, and `dotnet clean` removes the bundle.
/// </summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class ProvenanceTests(PackedMlOpsBuild package)
{
    private const string Target = "MlOpsPackageModels";
    private const string Passphrase = "correct horse battery staple";

    private ModelProject NewProject(string name)
    {
        var project = new ModelProject(package, name);
        project.WriteBytes("model/credit-risk.onnx", TestModels.CreditRisk());
        project.WriteText("model-card.md", TestCards.LowRisk());
        project.WriteText("data/train.csv", "a,b,c,label\n1,2,3,0\n4,5,6,1\n");
        project.WriteClassLibrary("""<MlModel Include="model/credit-risk.onnx" Card="model-card.md" TrainingData="data/train.csv" />""");
        return project;
    }

    private static Subject SubjectOf(string artefact) => new(Path.GetFileName(artefact), Sha256Hex.OfFile(artefact));

    [Fact]
    public void Without_a_key_the_provenance_is_unsigned_reported_appended_once_and_cleaned()
    {
        var project = NewProject("Unsigned");
        var artefact = Path.Combine(project.OutputDirectory, "credit-risk-1.0.0.mlpkg");
        var bundle = AttestationBundle.PathFor(artefact);

        var first = project.Build();
        Assert.True(first.Succeeded, first.ToString());
        Assert.Contains("provenance of credit-risk-1.0.0.mlpkg is unsigned", first.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", first.ErrorLog, StringComparison.OrdinalIgnoreCase);
        var line = Assert.Single(AttestationVerifier.Verify(bundle, SubjectOf(artefact), trust: null));
        Assert.Equal(AttestationStatus.Unsigned, line.Status);
        Assert.Equal(PredicateTypes.Provenance, line.Statement!.PredicateType);
        Assert.Equal("https://mlopsbuild.dev/build/msbuild/v1", (string?)line.Statement.Predicate["buildDefinition"]!["buildType"]);

        // The target runs again (a touched input) and builds the same artefact: no second, identical line.
        File.SetLastWriteTimeUtc(project.PathOf("model/credit-risk.onnx"), DateTime.UtcNow);
        var again = project.Build("--no-restore");
        Assert.True(again.Succeeded, again.ToString());
        Assert.True(again.Ran(Target), again.DetailedLog);
        Assert.Single(AttestationBundle.Read(bundle));

        var clean = project.RunMsBuildCommand("clean");
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.False(File.Exists(bundle), "the bundle survived dotnet clean");
        Assert.False(File.Exists(artefact), "the artefact survived dotnet clean");
    }

    [Fact]
    public void With_MLOPS_SIGNING_KEY_the_provenance_is_signed_and_a_wrong_passphrase_is_MLOPS139_naming_the_property()
    {
        var project = NewProject("Signed");
        var keys = project.PathOf("keys");
        Directory.CreateDirectory(keys);
        var (privateKey, publicKey, keyId) = KeyFiles.Create(Path.Combine(keys, "ci"), Passphrase);
        File.WriteAllText(project.PathOf("trust.yaml"), "principals:\n  - name: CI\n    roles: [builder]\n    publicKey: keys/ci.pub\n");
        var artefact = Path.Combine(project.OutputDirectory, "credit-risk-1.0.0.mlpkg");
        var bundle = AttestationBundle.PathFor(artefact);

        var wrong = project.RunMsBuildCommand("build",
            new Dictionary<string, string?> { ["MLOPS_SIGNING_KEY"] = privateKey, ["MLOPS_SIGNING_KEY_PASSWORD"] = "not the passphrase" });
        Assert.False(wrong.Succeeded, wrong.ToString());
        var error = Assert.Single(wrong.Errors);
        Assert.Equal("MLOPS139", error.Code);
        Assert.Contains("MlOpsSigningKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("MLOPS_SIGNING_KEY_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(artefact), "an artefact was written although its provenance could not be signed");

        var signed = project.RunMsBuildCommand("build",
            new Dictionary<string, string?> { ["MLOPS_SIGNING_KEY"] = privateKey, ["MLOPS_SIGNING_KEY_PASSWORD"] = Passphrase }, "--no-restore");
        Assert.True(signed.Succeeded, signed.ToString());
        Assert.DoesNotContain("is unsigned", signed.Process.Output, StringComparison.Ordinal);
        var trust = TrustFile.Read(project.PathOf("trust.yaml"));
        var line = Assert.Single(AttestationVerifier.Verify(bundle, SubjectOf(artefact), trust));
        Assert.True(line.IsValid, line.Problem);
        Assert.Equal(keyId, line.KeyId);
        Assert.Equal("provenance", line.Kind);
        Assert.True(File.Exists(publicKey));
    }
}
