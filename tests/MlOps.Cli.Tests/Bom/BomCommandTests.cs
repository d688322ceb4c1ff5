using MlOps.Cli.Tests.ArtefactCommands;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Packaging;
using MlOps.Release.Bom;

namespace MlOps.Cli.Tests.Bom;

/// <summary>
/// `mlops bom`. The schema check lives in MlOps.Release.Tests (JsonSchema.Net's root namespace `Json` would hide this
/// project's `Json(...)` helpers); here the command must write exactly the library's bytes, which those tests validate.
/// </summary>
public sealed class BomCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-cli-bom-");
    private readonly PackageResult _built;

    public BomCommandTests() => _built = SampleArtefact.Build(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_intact_artefact_gets_the_librarys_BOM()
    {
        var output = _dir.File("churn.cdx.json");

        var result = CliRunner.Run("bom", _built.PackagePath, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"bom: churn 0.3.1 (churn-0.3.1.mlpkg) -> {output}", result.StdOut);
        Assert.Equal("", result.StdErr);
        var bytes = File.ReadAllBytes(output);
        Assert.Contains("\"specVersion\": \"1.6\"", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(ModelBom.Create(_built.PackagePath).Bytes, bytes);
    }

    [Fact]
    public void A_tampered_artefact_exits_1_naming_the_difference_and_writes_nothing()
    {
        var bytes = File.ReadAllBytes(_built.PackagePath);
        bytes[bytes.Length / 3] ^= 0x04;
        File.WriteAllBytes(_built.PackagePath, bytes);
        var output = _dir.File("churn.cdx.json");

        var result = CliRunner.Run("bom", _built.PackagePath, "--out", output);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("TAMPERED: churn 0.3.1 (churn-0.3.1.mlpkg)", result.StdOut);
        Assert.Contains("not intact; no BOM was written", result.StdErr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_file_that_is_not_an_artefact_exits_2_and_writes_nothing()
    {
        var notAnArtefact = _dir.File("notes.mlpkg");
        File.WriteAllText(notAnArtefact, "just text");
        var output = _dir.File("notes.cdx.json");

        var result = CliRunner.Run("bom", notAnArtefact, "--out", output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("MLOPS112", result.StdErr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_missing_artefact_exits_2()
    {
        var result = CliRunner.Run("bom", _dir.File("absent.mlpkg"), "--out", _dir.File("absent.cdx.json"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("does not exist", result.StdErr);
    }

    [Fact]
    public void Without_out_it_is_a_usage_error()
    {
        var result = CliRunner.Run("bom", _built.PackagePath);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--out", result.StdErr);
    }

    [Fact]
    public void An_out_path_that_names_the_artefact_is_refused_and_the_artefact_kept()
    {
        var before = File.ReadAllBytes(_built.PackagePath);

        var result = CliRunner.Run("bom", _built.PackagePath, "--out", _built.PackagePath);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(before, File.ReadAllBytes(_built.PackagePath));
    }
}
