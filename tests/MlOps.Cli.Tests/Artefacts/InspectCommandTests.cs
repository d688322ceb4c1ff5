using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Packaging;

namespace MlOps.Cli.Tests.ArtefactCommands;

public sealed class InspectCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-cli-inspect-");
    private readonly PackageResult _built;

    public InspectCommandTests() => _built = SampleArtefact.Build(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_summary_names_identity_signature_members_risk_and_evidence()
    {
        var result = CliRunner.Run("inspect", _built.PackagePath);
        Assert.Equal(0, result.ExitCode);
        var text = result.StdOut;
        Assert.StartsWith("churn 0.3.1\n", text);
        Assert.Contains($"digest:    sha256:{_built.Digest}", text);
        Assert.Contains("  features  float  [batch, 4]", text);
        Assert.Contains("  score  float  [batch, 4]", text);
        Assert.Contains("risk:      low (probability rare × severity low; EU AI Act: minimal)", text);
        Assert.Contains("  model/model.onnx  ", text);
        Assert.Contains("evidence:  none", text);
        Assert.Contains("built 2023-11-14T22:13:20Z", text);
    }

    [Fact]
    public void Json_output_is_machine_readable_and_deterministic()
    {
        var first = CliRunner.Run("inspect", _built.PackagePath, "--json");
        var second = CliRunner.Run("inspect", _built.PackagePath, "--json");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.StdOut, second.StdOut);
        using var doc = JsonDocument.Parse(first.StdOut);
        var root = doc.RootElement;
        Assert.Equal("mlops.inspect/v1", root.GetProperty("schema").GetString());
        Assert.Equal(_built.Digest, root.GetProperty("digest").GetString());
        Assert.Equal("churn-0.3.1.mlpkg", root.GetProperty("file").GetString());
        var manifest = root.GetProperty("manifest");
        Assert.Equal("0.3.1", manifest.GetProperty("version").GetString());
        Assert.Equal("features", manifest.GetProperty("model").GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal(4, manifest.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public void Json_output_is_identical_for_two_builds_in_different_folders()
    {
        using var other = new TempDirectory("mlops-cli-inspect2-");
        var again = SampleArtefact.Build(other.Path);
        Assert.Equal(CliRunner.Run("inspect", _built.PackagePath, "--json").StdOut, CliRunner.Run("inspect", again.PackagePath, "--json").StdOut);
    }

    [Fact]
    public void A_file_that_is_not_an_artefact_exits_2()
    {
        var path = _dir.File("notes.txt");
        File.WriteAllText(path, "hello");
        var result = CliRunner.Run("inspect", path, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Contains("MLOPS112", result.StdErr);
    }

    [Fact]
    public void The_real_process_has_the_same_exit_code_and_output()
    {
        var result = CliRunner.RunProcess("inspect", _built.PackagePath);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("churn 0.3.1", result.StdOut);
        var verify = CliRunner.RunProcess("verify", _built.PackagePath);
        Assert.Equal(0, verify.ExitCode);
    }
}
