using System.Text;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.ArtefactTests;

namespace MlOps.Cli.Tests.ArtefactCommands;

/// <summary>`mlops dossier`: verify first, then write the Annex IV documentation; gaps are reported, not failures.</summary>
public sealed class DossierCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-cli-dossier-");
    private readonly PackageResult _built;

    public DossierCommandTests() => _built = SampleArtefact.Build(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_intact_artefact_gets_its_dossier_and_every_gap_is_printed_with_exit_0()
    {
        var output = _dir.File("dossier.html");
        var result = CliRunner.Run("dossier", _built.PackagePath, "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        var html = File.ReadAllText(output, Encoding.UTF8);
        Assert.StartsWith("<!DOCTYPE html>\n", html);
        Assert.Contains("<h1>Technical documentation (EU AI Act Annex IV): churn 0.3.1</h1>", html);
        for (var point = 1; point <= 9; point++)
        {
            Assert.Contains($"<section id=\"annex-iv-{point}\">", html);
        }
        // The low-risk sample has no evidence, no signatures and none of the Annex IV card fields.
        Assert.Contains($"dossier: churn 0.3.1: {output} (9 Annex IV sections, 14 gap(s))", result.StdOut);
        Assert.Contains("  9: missing: post-market monitoring plan — add `postMarketMonitoring:` to the card", result.StdOut);
        Assert.Contains("  2: missing: signed approvals — run `mlops approve`", result.StdOut);
        Assert.Contains("  3: missing: human oversight measures — add `humanOversight:` to the card", result.StdOut);
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public void A_md_output_gets_the_Markdown_rendering_and_the_same_bytes_twice()
    {
        var first = _dir.File("dossier.md");
        Assert.Equal(0, CliRunner.Run("dossier", _built.PackagePath, "--out", first).ExitCode);
        var bytes = File.ReadAllBytes(first);
        Assert.StartsWith("# Technical documentation (EU AI Act Annex IV): churn 0.3.1\n", Encoding.UTF8.GetString(bytes));
        Assert.Equal(0, CliRunner.Run("dossier", _built.PackagePath, "--out", first).ExitCode);
        Assert.Equal(bytes, File.ReadAllBytes(first));
    }

    [Fact]
    public void A_tampered_artefact_exits_1_and_writes_nothing()
    {
        var members = ArtefactRepack.Members(_built.PackagePath);
        var index = members.FindIndex(m => m.Path == "card/model-card.md");
        members[index] = new ZipMember("card/model-card.md", Encoding.UTF8.GetBytes("forged"));
        File.WriteAllBytes(_built.PackagePath, DeterministicZipWriter.ToBytes(members, 1700000000, ArtefactPaths.Comment(_built.Digest)));
        var output = _dir.File("dossier.html");
        var result = CliRunner.Run("dossier", _built.PackagePath, "--out", output);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TAMPERED", result.StdOut);
        Assert.Contains("card/model-card.md", result.StdOut);
        Assert.Contains("not intact", result.StdErr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_file_that_is_not_an_artefact_exits_2()
    {
        var path = _dir.File("plain.zip");
        File.WriteAllBytes(path, DeterministicZipWriter.ToBytes([new ZipMember("a.txt", Encoding.UTF8.GetBytes("a"))], 0));
        var result = CliRunner.Run("dossier", path, "--out", _dir.File("dossier.html"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not an .mlpkg artefact", result.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Writing_over_the_artefact_is_refused_with_exit_2()
    {
        var before = File.ReadAllBytes(_built.PackagePath);
        var result = CliRunner.Run("dossier", _built.PackagePath, "--out", _built.PackagePath);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(_built.PackagePath));
    }

    [Fact]
    public void The_output_is_required()
    {
        var result = CliRunner.Run("dossier", _built.PackagePath);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.StdErr);
    }
}
