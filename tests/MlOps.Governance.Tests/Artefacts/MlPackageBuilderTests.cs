using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MlOps.Onnx;
using MlOps.Hashing;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Risk;
using MlOps.Governance.Tests.TestSupport;

namespace MlOps.Governance.Tests.ArtefactTests;

[Collection(EnvironmentCollection.Name)]
public sealed class MlPackageBuilderTests : IDisposable
{
    private readonly SampleInputs _inputs = new();

    public void Dispose() => _inputs.Dispose();

    [Fact]
    public void Build_writes_the_artefact_sidecar_and_card_named_after_name_and_version()
    {
        var result = MlPackageBuilder.Build(_inputs.Request());
        Assert.Equal(Path.Combine(_inputs.OutputDirectory, "credit-risk-1.2.0.mlpkg"), result.PackagePath);
        Assert.Equal(result.PackagePath + ".sha256", result.Sha256Path);
        foreach (var file in result.Files)
        {
            Assert.True(File.Exists(file), file);
        }
        Assert.Equal($"{Sha256Hex.OfFile(result.PackagePath)}  credit-risk-1.2.0.mlpkg\n", File.ReadAllText(result.Sha256Path));
        Assert.Empty(Directory.GetFiles(_inputs.OutputDirectory, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Two_builds_of_the_same_inputs_are_byte_identical()
    {
        var first = MlPackageBuilder.Build(_inputs.Request(Path.Combine(_inputs.Root, "one")));
        var second = MlPackageBuilder.Build(_inputs.Request(Path.Combine(_inputs.Root, "two")));
        Assert.Equal(File.ReadAllBytes(first.PackagePath), File.ReadAllBytes(second.PackagePath));
        Assert.Equal(File.ReadAllBytes(first.CardHtmlPath), File.ReadAllBytes(second.CardHtmlPath));
        Assert.Equal(first.Digest, second.Digest);
    }

    [Fact]
    public void The_source_date_epoch_is_the_only_clock_inside()
    {
        var a = MlPackageBuilder.Build(_inputs.Request(Path.Combine(_inputs.Root, "a")) with { SourceDateEpoch = 1700000000 });
        var b = MlPackageBuilder.Build(_inputs.Request(Path.Combine(_inputs.Root, "b")) with { SourceDateEpoch = 1600000000 });
        using var archive = SafeZipArchive.Open(b.PackagePath);
        Assert.All(archive.Entries, e => Assert.Equal(new DateTime(2020, 9, 13, 12, 26, 40, DateTimeKind.Utc), e.Timestamp.ToDateTime()));
        Assert.Equal(1600000000, b.Manifest.Lineage.SourceDateEpoch);
        Assert.NotEqual(a.Digest, b.Digest);
    }

    [Fact]
    public void The_SOURCE_DATE_EPOCH_environment_variable_is_honoured_when_the_request_has_none()
    {
        var previous = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        try
        {
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", "1234567890");
            var result = MlPackageBuilder.Build(_inputs.Request() with { SourceDateEpoch = null });
            Assert.Equal(1234567890, result.Manifest.Lineage.SourceDateEpoch);
            using var archive = SafeZipArchive.Open(result.PackagePath);
            Assert.All(archive.Entries, e => Assert.Equal(new DateTime(2009, 2, 13, 23, 31, 30, DateTimeKind.Utc), e.Timestamp.ToDateTime()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", previous);
        }
    }

    [Fact]
    public void The_manifest_pins_every_member_and_records_data_risk_and_evidence()
    {
        var result = MlPackageBuilder.Build(_inputs.Request());
        using var package = MlPackageReader.Open(result.PackagePath);
        var m = package.Manifest;
        Assert.Equal(result.Digest, Sha256Hex.Of(package.ManifestBytes));
        Assert.Equal(result.Digest, package.Digest);
        Assert.Equal(result.Digest, package.RecordedDigest);
        Assert.Equal(
            ["card/model-card.html", "card/model-card.json", "card/model-card.md", "evidence/evaluation.json", "model/model.onnx"],
            m.Members.Select(x => x.Path));
        foreach (var member in m.Members)
        {
            Assert.Equal(member.Sha256, Sha256Hex.Of(package.ReadMember(member.Path)));
        }
        Assert.Equal(Sha256Hex.Of(_inputs.ModelBytes), m.SourceModelSha256);
        Assert.Equal(["X"], m.Model.Inputs.Select(i => i.Name));
        Assert.Equal("float", m.Model.Inputs[0].ElementType);
        Assert.Equal(["N", 3L], m.Model.Inputs[0].Shape!);
        Assert.Equal([("ai.onnx", 17L)], m.Model.Opsets);
        Assert.Equal([("training", "train.csv", 3L), ("evaluation", "eval.csv", 2L)], m.Data.Select(d => (d.RoleName, d.Path, d.Rows!.Value)));
        Assert.Equal(Sha256Hex.OfFile(_inputs.TrainPath), m.Data[0].Sha256);
        Assert.Equal(RiskLevel.High, m.Risk.Level);
        Assert.Equal(EuAiActCategory.HighRisk, m.Risk.EuAiActCategory);
        Assert.Equal([("evidence/evaluation.json", "evaluation", "passed")], m.Evidence.Select(e => (e.Path, e.Kind, e.Verdict)));
        Assert.Equal("1.0.0", m.Lineage.Tools["test"]);
        Assert.True(m.Lineage.Tools.ContainsKey("MlOps.Governance"));
    }

    [Fact]
    public void The_manifest_is_canonical_json_with_sorted_keys_and_no_whitespace()
    {
        var result = MlPackageBuilder.Build(_inputs.Request());
        using var package = MlPackageReader.Open(result.PackagePath);
        var text = Encoding.UTF8.GetString(package.ManifestBytes);
        Assert.DoesNotContain("\n", text);
        Assert.DoesNotContain(": ", text);
        Assert.StartsWith("{\"card\":", text);
        using var doc = JsonDocument.Parse(package.ManifestBytes);
        var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal("mlops.manifest/v1", doc.RootElement.GetProperty("schema").GetString());
    }

    [Fact]
    public void The_packaged_model_carries_the_card_and_identity_in_its_metadata()
    {
        var result = MlPackageBuilder.Build(_inputs.Request());
        using var package = MlPackageReader.Open(result.PackagePath);
        var model = OnnxModel.Parse(package.ReadModelBytes());
        Assert.Equal("credit-risk", model.Metadata("mlops.name"));
        Assert.Equal("1.2.0", model.Metadata("mlops.version"));
        Assert.Equal(Sha256Hex.Of(_inputs.ModelBytes), model.Metadata("mlops.digest.source"));
        Assert.Contains("intendedUse: Decision support", model.Metadata("mlops.card"));
        Assert.Equal(3, model.Graph.Nodes.Count);
    }

    [Fact]
    public void Repackaging_a_packaged_model_keeps_its_source_digest()
    {
        var first = MlPackageBuilder.Build(_inputs.Request());
        using (var package = MlPackageReader.Open(first.PackagePath))
        {
            File.WriteAllBytes(_inputs.ModelPath, package.ReadModelBytes());
        }
        var second = MlPackageBuilder.Build(_inputs.Request(Path.Combine(_inputs.Root, "again")));
        Assert.Equal(first.Manifest.SourceModelSha256, second.Manifest.SourceModelSha256);
    }

    [Fact]
    public void The_project_version_overrides_the_card_version()
    {
        var result = MlPackageBuilder.Build(_inputs.Request() with { Version = "2.0.0-rc.1+build.5" });
        Assert.EndsWith("credit-risk-2.0.0-rc.1+build.5.mlpkg", result.PackagePath);
        Assert.Equal("2.0.0-rc.1+build.5", result.Manifest.Version);
    }

    [Fact]
    public void The_sidecar_is_accepted_by_sha256sum_check()
    {
        if (!File.Exists("/usr/bin/sha256sum"))
        {
            return; // coreutils is absent on this OS (Windows); the sidecar format is asserted elsewhere
        }
        var result = MlPackageBuilder.Build(_inputs.Request());
        var start = new ProcessStartInfo("/usr/bin/sha256sum", ["-c", Path.GetFileName(result.Sha256Path)])
        {
            WorkingDirectory = _inputs.OutputDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("credit-risk-1.2.0.mlpkg: OK", output);
    }

    [Fact]
    public void The_card_beside_the_artefact_adds_the_digest_the_card_inside_cannot_hold()
    {
        var result = MlPackageBuilder.Build(_inputs.Request());
        var beside = File.ReadAllText(result.CardMarkdownPath);
        Assert.Contains(result.Digest, beside);
        Assert.Contains(result.PackageSha256, beside);
        using var package = MlPackageReader.Open(result.PackagePath);
        var inside = package.ReadCardMarkdown();
        Assert.DoesNotContain(result.Digest, inside);
        Assert.Contains(package.Manifest.Member("model/model.onnx")!.Sha256, inside);
        // The card beside lists the card members exactly as the manifest pins them.
        foreach (var card in package.Manifest.Members.Where(x => x.Path.StartsWith("card/", StringComparison.Ordinal)))
        {
            Assert.Contains(card.Sha256, beside);
        }
    }

    [Fact]
    public void A_name_from_the_model_file_is_used_when_the_card_has_none()
    {
        _inputs.WriteCard(SampleInputs.Card.Replace("name: credit-risk\n", "", StringComparison.Ordinal));
        var result = MlPackageBuilder.Build(_inputs.Request());
        Assert.Equal("credit-risk", result.Manifest.Name); // the model file is credit-risk.onnx
        var renamed = MlPackageBuilder.Build(_inputs.Request() with { Name = "scorer" });
        Assert.EndsWith("scorer-1.2.0.mlpkg", renamed.PackagePath);
    }

    [Fact]
    public void Without_evidence_the_artefact_has_no_evidence_members()
    {
        var result = MlPackageBuilder.Build(_inputs.Request() with { EvidenceDirectory = Path.Combine(_inputs.Root, "none") });
        Assert.Empty(result.Manifest.Evidence);
        Assert.DoesNotContain(result.Manifest.Members, m => m.Path.StartsWith("evidence/", StringComparison.Ordinal));
    }
}
