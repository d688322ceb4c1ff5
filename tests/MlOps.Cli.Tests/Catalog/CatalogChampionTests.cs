using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Packaging;

namespace MlOps.Cli.Tests.Catalog;

public sealed class CatalogChampionTests
{
    [Fact]
    public void Evaluate_takes_its_champion_from_the_catalog_and_says_to_pull_it_when_the_file_is_gone()
    {
        using var dir = new TempDirectory();
        var onnx = dir.File("toy.onnx");
        File.WriteAllBytes(onnx, ToyEvidence.Model(0.5f));
        File.WriteAllText(dir.File("card.md"), ToyEvidence.Card("1.0.0"));
        var champion = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = onnx,
            CardPath = dir.File("card.md"),
            OutputDirectory = dir.File("out"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = dir.Path,
        }).PackagePath;
        var catalog = dir.File("catalog.db");
        var register = CliRunner.Run("catalog", "register", champion, "--catalog", catalog);
        Assert.True(register.ExitCode == 0, register.ToString());
        var data = dir.File("eval.csv");
        File.WriteAllText(data, "a,b,c,label\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i % 10 * 0.3 - 1},{i % 7 - 3},{i % 3 - 1},{(i % 10 * 0.3 - 1 + i % 3 > 0.5 ? 1 : 0)}\n")));
        File.WriteAllText(dir.File("thresholds.yaml"), "thresholds:\n  rocAuc: { minAbsoluteChange: 0.01 }\n");

        var run = CliRunner.Run("evaluate", "--model", onnx, "--data", data, "--label", "label", "--champion", "catalog:toy@1.0.0",
            "--catalog", catalog, "--thresholds", dir.File("thresholds.yaml"), "--out", dir.File("evaluation.json"));
        // The same model as the registered champion: scored, and it does not beat it by 0.01.
        Assert.True(run.ExitCode == 1, run.ToString());
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(dir.File("evaluation.json"))))
        {
            var check = doc.RootElement.GetProperty("thresholds")[0];
            Assert.Equal(check.GetProperty("value").GetDouble(), check.GetProperty("champion").GetDouble());
        }

        File.Delete(champion);
        var gone = CliRunner.Run("evaluate", "--model", onnx, "--data", data, "--label", "label", "--champion", "catalog:toy@1.0.0",
            "--catalog", catalog, "--thresholds", dir.File("thresholds.yaml"), "--out", dir.File("evaluation2.json"));
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("MLOPS168", gone.StdErr);
        Assert.Contains("Pull or copy", gone.StdErr);
        Assert.False(File.Exists(dir.File("evaluation2.json")));
    }
}
